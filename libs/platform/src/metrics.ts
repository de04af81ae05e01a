import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a pg pool tells of itself. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The Prometheus registry of one process, and the instruments the apps share. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'hustings_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpLatency = new Histogram({
    name: 'hustings_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly relayLag = new Gauge({
    name: 'hustings_relay_lag_events',
    help: 'Ledger events not yet published to the bus',
    registers: [this.registry],
  });
  readonly relayLeader = new Gauge({
    name: 'hustings_relay_leader',
    help: '1 while this replica holds the relay lease and publishes, 0 while it stands by',
    registers: [this.registry],
  });
  readonly relayPublished = new Counter({
    name: 'hustings_relay_published_total',
    help: 'Events the relay published',
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'hustings_consumer_lag_messages',
    help: 'Messages behind the head of each partition, per consumer group',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly consumed = new Counter({
    name: 'hustings_messages_consumed_total',
    help: 'Messages handled, by consumer group and topic',
    labelNames: ['group', 'topic'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'hustings_dead_letters_total',
    help: 'Messages sent to a dead-letter topic, by consumer group and topic',
    labelNames: ['group', 'topic'] as const,
    registers: [this.registry],
  });

  readonly ledgerAppend = new Histogram({
    name: 'hustings_ledger_append_duration_seconds',
    help: 'Ledger appends (one append, or one appendMany of a batch), by operation',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly handlerDuration = new Histogram({
    name: 'hustings_handler_duration_seconds',
    help: 'Time a consumer group took to handle one message or one batch, by group and topic',
    labelNames: ['group', 'topic'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'hustings_decisions_total',
    help: "Compliance's decisions on donations appended to the ledger, by outcome (accepted, flagged, rejected) and reason (the rule's code)",
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });
  readonly produceLatency = new Histogram({
    name: 'hustings_produce_duration_seconds',
    help: 'Publishing one batch of messages to the bus until the broker acknowledged it',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly webhookSignatureFailures = new Counter({
    name: 'hustings_webhook_signature_failures_total',
    help: 'Payment webhooks refused for their signature, by code (missing, invalid, expired)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly buildInfo = new Gauge({
    name: 'hustings_build_info',
    help: 'Always 1: the version running, its Node.js and the apps of this process',
    labelNames: ['version', 'node', 'apps'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hustings_' });
    for (const code of ['webhook_signature_missing', 'webhook_signature_invalid', 'webhook_signature_expired']) this.webhookSignatureFailures.inc({ code }, 0);
  }

  /** Series that stay zero until something happens exist from start, so a rate or an alert on them has data. */
  zeroSeriesOf(group: string, topics: readonly string[]): void {
    for (const topic of topics) {
      this.deadLetters.inc({ group, topic }, 0);
      this.consumed.inc({ group, topic }, 0);
    }
  }

  /** Connections of each pg pool (`ledger`, `read-models`), read at scrape time: nothing on the hot path. */
  watchPools(pools: Record<string, PoolCounts>): void {
    const read = (pick: (pool: PoolCounts) => number) =>
      function (this: Gauge<'pool'>) {
        for (const [name, pool] of Object.entries(pools)) this.set({ pool: name }, pick(pool));
      };
    new Gauge({ name: 'hustings_db_pool_connections_in_use', help: 'Connections of the pool lent out now', labelNames: ['pool'] as const, registers: [this.registry], collect: read((p) => p.totalCount - p.idleCount) });
    new Gauge({ name: 'hustings_db_pool_connections_idle', help: 'Connections of the pool open and idle', labelNames: ['pool'] as const, registers: [this.registry], collect: read((p) => p.idleCount) });
    new Gauge({ name: 'hustings_db_pool_waiting', help: 'Queries waiting for a connection of the pool', labelNames: ['pool'] as const, registers: [this.registry], collect: read((p) => p.waitingCount) });
  }

  /** Express middleware timing every request under its route pattern (not its raw path). */
  httpMiddleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      const stop = process.hrtime.bigint();
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        const seconds = Number(process.hrtime.bigint() - stop) / 1e9;
        this.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
        this.httpLatency.observe({ method: request.method, route }, seconds);
      });
      next();
    };
  }
}
