# syntax=docker/dockerfile:1
# One image for all four apps. Each container picks its app with the command:
#   node dist/apps/<intake|compliance|rewards|reporting>/main.js   (default: intake)
# Build: docker build -t hustings:local .

# Node 20 as in package.json "engines"; pin a digest in release pipelines.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: dev dependencies, TypeScript compile, entry points under dist/ ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---- production dependencies only -----------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
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
CMD ["node", "dist/apps/intake/main.js"]
