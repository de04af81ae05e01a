import 'reflect-metadata';
import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Module } from '@nestjs/common';
import { inForeground } from '#sql';
import { tablesOf } from './app-tables.js';
import { EventBusServer } from './bus-transport.js';
import { ConfigError, CONSUMER_GROUPS, loadConfig, type AppName, type HustingsConfig } from './config.js';
import { ProblemFilter } from './http/problem.filter.js';
import { ensureApiKeys } from './auth/bootstrap-keys.js';
import { strictJsonBody } from './http/json-body.js';
import { openInfrastructure } from './infrastructure.js';
import { Metrics } from './metrics.js';
import { observedBus, observedLedger } from './observed-ports.js';
import { httpTracing } from './tracing/http-tracing.js';
import { startTracing, tracer } from './tracing/tracing.js';
import { accessLog } from './logging/access-log.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';
import { PlatformModule } from './platform.module.js';
import { apiDocument, apisOf } from './openapi/openapi.document.js';

/** The name a process's log lines carry in `app`: its apps, `+`-joined when several share it. */
export function appLabel(config: HustingsConfig): string {
  return config.apps.join('+');
}

/** The version of this build: HUSTINGS_VERSION when the image sets it (a tag or commit), else the package's. */
const BUILD_VERSION = process.env.HUSTINGS_VERSION || process.env.npm_package_version || '0.1.0';

/** Largest request body, in bytes (a donation is well under 2 KiB). */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays in a request body; the body itself is level 1. */
export const BODY_MAX_DEPTH = 8;

export async function createHustingsApp(config: HustingsConfig, appModules: Type[]): Promise<INestApplication> {
  const logger = createLogger({ app: appLabel(config), level: config.logLevel });
  const nestLogger = new PinoNestLogger(logger);
  // Lines logged while the infrastructure opens (before Nest exists) already go through pino.
  Logger.overrideLogger(nestLogger);
  const stopTracing = await startTracing({ endpoint: config.otlpEndpoint, service: `hustings-${appLabel(config)}` });
  const opened = await openInfrastructure(config, tablesOf(appModules), logger);
  await ensureApiKeys(config, opened.readModels);
  const metrics = new Metrics();
  metrics.buildInfo.set({ version: BUILD_VERSION, node: process.version, apps: appLabel(config) }, 1);
  metrics.watchPools(opened.pools ?? {});
  const infrastructure = {
    ...opened,
    ledger: observedLedger(opened.ledger, metrics),
    bus: observedBus(opened.bus, metrics),
    close: async () => {
      await opened.close();
      await stopTracing();
    },
  };
  @Module({ imports: [PlatformModule.forRoot(config, infrastructure, metrics, apiDocument(apisOf(appModules))), ...appModules] })
  class RootModule {}
  // RAW BODY (payment webhooks): `rawBody: true` makes the JSON parser registered below keep
  // the exact bytes it parsed as `request.rawBody`, which the webhook signature is checked
  // against. Nest does it by setting the parser's `verify` option, so a parser configured
  // elsewhere must keep that (or set its own `verify` storing `request.rawBody`).
  const app = await NestFactory.create<NestExpressApplication>(RootModule, { logger: nestLogger, bodyParser: false, rawBody: true });
  const tracing = tracer();
  if (tracing) app.use(httpTracing(tracing));
  app.use(accessLog(logger));
  app.use(metrics.httpMiddleware());
  // Our own reader, not body-parser: it refuses duplicate and prototype member names, deep
  // nesting and card numbers, and keeps the bytes on request.rawBody (http/json-body.ts).
  app.use(strictJsonBody({ limitBytes: BODY_LIMIT_BYTES, maxDepth: BODY_MAX_DEPTH }));
  // From here on a request is foreground work: an embedded database serves it before the
  // consumers' (foreground.ts). After the body is read, whose stream events run outside it.
  // On PostgreSQL each caller has a connection of its own, and the lanes would only cost.
  if (opened.embedded) app.use((_request: unknown, _response: unknown, next: () => void) => inForeground(next));
  app.useGlobalFilters(new ProblemFilter());
  // Each consumer group of this process is a Nest microservice on the bus; they listen before
  // the app initialises, so the relay (started on bootstrap) never publishes to nobody.
  const servers = config.apps.filter((name) => CONSUMER_GROUPS.includes(name)).map((group) => new EventBusServer(infrastructure.bus, group, metrics));
  for (const strategy of servers) app.connectMicroservice({ strategy });
  await app.startAllMicroservices();
  for (const server of servers) metrics.zeroSeriesOf(server.group, server.topics);
  return app;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && error.cause.message !== error.message ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}

/**
 * SIGTERM or SIGINT: stop taking work, let the relay finish its batch and the consumers
 * commit (Lifecycle), close the connections, then exit. A shutdown that outlives the grace
 * period exits non-zero; whatever it had not committed is redelivered to the next owner.
 */
function exitOnSignals(app: INestApplication, config: HustingsConfig, logger: Logger): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: draining (grace ${config.shutdownGraceMs} ms)`);
    const started = Date.now();
    setTimeout(() => {
      logger.error(`shutdown took longer than SHUTDOWN_GRACE_MS=${config.shutdownGraceMs}; exiting with work in flight`);
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    app.close().then(
      () => {
        logger.log(`stopped cleanly in ${Date.now() - started} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Starts the given apps in this process; bad configuration ends it with one line per problem. */
export async function bootstrap(defaultApps: AppName[], load: (apps: AppName[]) => Promise<Type[]>): Promise<INestApplication> {
  let config: HustingsConfig;
  try {
    config = loadConfig(process.env, defaultApps);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`hustings: configuration error: ${line}\n`);
    process.exit(78);
  }
  let app: INestApplication;
  try {
    app = await createHustingsApp(config, await load(config.apps));
  } catch (error) {
    // A dependency that does not answer at start (broker, database) ends the process with
    // one line; the orchestrator restarts it with backoff.
    process.stderr.write(`hustings: failed to start ${config.apps.join(', ')}: ${describeError(error)}\n`);
    process.exit(1);
  }
  const logger = new Logger('hustings');
  exitOnSignals(app, config, logger);
  await app.listen(config.port, config.host);
  logger.log(`${config.apps.join(', ')} listening on ${await app.getUrl()} (ledger=${config.ledger}, bus=${config.bus})`);
  return app;
}
