import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { EVENT_BUS, type EventBus } from '#messaging';
import type { DataSource } from 'typeorm';
import type { Metrics } from './metrics.js';
import { CONFIG, METRICS, READ_MODELS } from './tokens.js';
import { Lifecycle } from './lifecycle.js';
import { Public } from './auth/auth.guard.js';
import type { HustingsConfig } from './config.js';
import { readinessOf, type DependencyCheck } from './readiness.js';

/** A probe waits this long for a dependency; /metrics answers within a second whatever is down. */
const PROBE_TIMEOUT_MS = 2_000;
const GAUGE_REFRESH_MS = 500;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Probes and metrics answer without a key: they are for the orchestrator and the scraper. */
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Ready when not draining and every dependency these apps need answers (readiness.ts): the
   * consumers need the broker, intake does not (the relay catches the broker up from the ledger).
   */
  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    const checks = await Promise.all([
      this.check('ledger', () => this.ledger.ping()),
      this.check('bus', () => this.bus.ping()),
      this.check('database', () => this.readModels.query('SELECT 1')),
    ]);
    const draining = this.lifecycle.draining;
    const { ready, checks: reported } = readinessOf(this.config.apps, checks, draining);
    response.status(ready ? 200 : 503).json({ status: ready ? 'up' : 'down', draining, checks: Object.fromEntries(reported.map((c) => [c.name, c])) });
  }

  /** Gauges that cannot be read in time (a broker away) keep their last value; the scrape is never held up. */
  @Get('metrics')
  async prometheus(@Res() response: Response): Promise<void> {
    await within(GAUGE_REFRESH_MS, this.lifecycle.refreshGauges()).catch(() => undefined);
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  private async check(name: DependencyCheck['name'], probe: () => Promise<unknown>): Promise<DependencyCheck> {
    try {
      await within(PROBE_TIMEOUT_MS, probe());
      return { name, status: 'up' };
    } catch (error) {
      return { name, status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
