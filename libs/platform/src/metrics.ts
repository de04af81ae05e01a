import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hustings_' });
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
