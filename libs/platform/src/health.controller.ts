import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { EVENT_BUS, type EventBus } from '#messaging';
import type { DataSource } from 'typeorm';
import type { Metrics } from './metrics.js';
import { METRICS, READ_MODELS } from './tokens.js';
import { Lifecycle } from './lifecycle.js';
import { Public } from './auth/auth.guard.js';

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))]);

/** Probes and metrics answer without a key: they are for the orchestrator and the scraper. */
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** Ready only when the ledger, the broker and the database all answer, and not while draining. */
  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    const checks = await Promise.all([
      this.check('ledger', () => this.ledger.ping()),
      this.check('bus', () => this.bus.ping()),
      this.check('database', () => this.readModels.query('SELECT 1')),
    ]);
    const draining = this.lifecycle.draining;
    const ok = !draining && checks.every((c) => c.status === 'up');
    response.status(ok ? 200 : 503).json({ status: ok ? 'up' : 'down', draining, checks: Object.fromEntries(checks.map((c) => [c.name, c])) });
  }

  @Get('metrics')
  async prometheus(@Res() response: Response): Promise<void> {
    await this.lifecycle.refreshGauges();
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  private async check(name: string, probe: () => Promise<unknown>): Promise<{ name: string; status: 'up' | 'down'; error?: string }> {
    try {
      await within(2_000, probe());
      return { name, status: 'up' };
    } catch (error) {
      return { name, status: 'down', error: error instanceof Error ? error.message : String(error) };
    }
  }
}
