# syntax=docker/dockerfile:1
# One image for all four apps. Each container picks its app with the command:
#   node --single-threaded-gc dist/apps/<intake|compliance|rewards|reporting>/main.js   (default: intake)
# (--single-threaded-gc: see README "Benchmarks"; a process of ours has a core or less, where
# V8's parallel GC helpers only wait for it.)
# Build: docker build -t hustings:local .

# Every stage on the current Node.js LTS (26), pinned to one release; pin its digest too in
# release pipelines (`docker buildx imagetools inspect node:26.10.0-trixie-slim`). The code
# also runs on the Node 20 of package.json "engines", which the tests run on.

# ---- build: dev dependencies, TypeScript compile, entry points under dist/ ----------------
FROM node:26.10.0-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---- production dependencies only -----------------------------------------------------------
FROM node:26.10.0-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ------------------------------------------------------------------------------------
FROM node:26.10.0-trixie-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# package.json stays: its "imports" map (#ledger, #platform, ...) resolves to dist/ at run time.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Code stays owned by root and read-only to the app. ./data is the only writable place, for
# the embedded ledger and read models when LEDGER/DATABASE_URL are left at their defaults.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# The node user of the base image, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 3000
# Liveness for Docker and compose (Kubernetes uses its own probes on the same endpoints).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--single-threaded-gc", "dist/apps/intake/main.js"]
