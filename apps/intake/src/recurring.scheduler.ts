import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CONFIG, SerialTimer, type HustingsConfig } from '#platform';
import { RecurringPlanService } from './recurring.service.js';

/** What the scheduler reads the time from; tests give it their own. */
export interface Clock {
  now(): Date;
}
export const RECURRING_CLOCK = Symbol('RECURRING_CLOCK');
export const systemClock: Clock = { now: () => new Date() };

/** Plans read from the index per query. */
const BATCH = 200;
/** Queries per tick at most, so a tick ends even if plans keep coming due while it runs. */
const MAX_BATCHES = 50;
/** A plan whose visit failed is looked at again after this long, or one tick. */
const RETRY_AFTER_MS = 30_000;

export interface TickReport {
  /** False when the scheduler was already stopped: nothing was read or written. */
  ran: boolean;
  visited: number;
  initiated: number;
  received: number;
  refused: number;
  failed: number;
}

/**
 * Every RECURRING_TICK_MS, visits the plans the index says owe something. Any number of intake
 * replicas may tick at once: instalments, their donations and their refusals have ids derived
 * from plan and period, and instalments are appended with the plan's revision, so a period
 * visited twice is recorded once. Ticks of one replica never overlap; the next is armed only
 * when the last has finished, and none starts once the module is being destroyed.
 */
@Injectable()
export class RecurringScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('recurring');
  private readonly ticks: SerialTimer;
  /** Ticks that ran to the end, for tests and operators. */
  completedTicks = 0;

  constructor(
    private readonly plans: RecurringPlanService,
    @Inject(CONFIG) private readonly config: HustingsConfig,
    @Inject(RECURRING_CLOCK) private readonly clock: Clock,
  ) {
    this.ticks = new SerialTimer(config.recurringTickMs, () => this.visit(this.clock.now()), (error) => this.logger.error(`tick failed: ${String(error)}`));
  }

  onApplicationBootstrap(): void {
    this.ticks.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticks.stop();
  }

  /** Runs one tick now (after any tick in progress), at the clock's time unless told otherwise. */
  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    return this.ticks.runExclusive(() => this.visit(now));
  }

  private async visit(now: Date): Promise<TickReport> {
    return this.ticks.isStopped ? { ran: false, visited: 0, initiated: 0, received: 0, refused: 0, failed: 0 } : this.visitDue(now);
  }

  private async visitDue(now: Date): Promise<TickReport> {
    const report: TickReport = { ran: true, visited: 0, initiated: 0, received: 0, refused: 0, failed: 0 };
    const seen = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES && !this.ticks.isStopped; batch++) {
      const fresh = (await this.plans.index.due(now, BATCH)).filter((plan) => !seen.has(plan.planId));
      if (fresh.length === 0) break;
      for (const { planId, settledThrough } of fresh) {
        if (this.ticks.isStopped) break;
        seen.add(planId);
        report.visited++;
        try {
          const visit = await this.plans.visit(planId, settledThrough, now);
          report.initiated += visit.initiated;
          report.received += visit.received;
          report.refused += visit.refused;
        } catch (error) {
          report.failed++;
          this.logger.warn(`recurring plan ${planId}: ${String(error)}; retrying later`);
          await this.plans.index.postpone(planId, new Date(now.getTime() + Math.max(RETRY_AFTER_MS, this.config.recurringTickMs))).catch(() => undefined);
        }
      }
    }
    this.completedTicks++;
    if (report.initiated + report.refused + report.failed > 0) this.logger.log(`tick: ${JSON.stringify(report)}`);
    return report;
  }
}
