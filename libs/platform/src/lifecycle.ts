import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { EVENT_BUS, LedgerRelay, type CheckpointStore, type EventBus } from '#messaging';
import { CONSUMER_GROUPS, type HustingsConfig } from './config.js';
import type { Metrics } from './metrics.js';
import { CHECKPOINTS, CONFIG, METRICS } from './tokens.js';

interface LagReporter {
  consumerLag(group: string): Promise<{ topic: string; partition: number; lag: number }[]>;
}

/**
 * The relay's place in the order that loses nothing. On the way up the consumer groups (Nest
 * microservices on the bus, started before the HTTP app initialises) are already listening
 * when the relay starts here; on the way down the relay stops first, finishing its batch,
 * then Nest closes the microservices (each finishes its message and commits), then the
 * connections close.
 */
@Injectable()
export class Lifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  draining = false;
  private readonly logger = new Logger('lifecycle');
  private relay: LedgerRelay | null = null;
  private relayLeading = false;
  private refreshing: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HustingsConfig,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.relayEnabled) return;
    this.relay = new LedgerRelay(this.ledger, this.bus, this.checkpoints, {
      readIntervalMs: this.config.relayReadIntervalMs,
      lingerMs: this.config.relayLingerMs,
      onPublished: (count) => this.metrics.relayPublished.inc(count),
      onLeadership: (leading) => {
        if (leading !== this.relayLeading) this.logger.log(leading ? 'relay: leading' : 'relay: standing by');
        this.relayLeading = leading;
        this.metrics.relayLeader.set(leading ? 1 : 0);
      },
      onError: (error, attempt) => {
        if (attempt === 1 || attempt % 20 === 0) this.logger.warn(`relay retrying (attempt ${attempt}): ${String(error)}`);
      },
    });
    await this.relay.start();
  }

  /** Resolves when the relay has published everything in the ledger so far. */
  async relayDrained(): Promise<void> {
    await this.relay?.drained();
  }

  /** One refresh at a time: a scrape while the broker hangs joins the refresh in flight instead of piling up. */
  refreshGauges(): Promise<void> {
    this.refreshing ??= this.readGauges().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readGauges(): Promise<void> {
    if (this.relay) this.metrics.relayLag.set(await this.relay.lag().catch(() => 0));
    const reporter = this.bus as Partial<LagReporter>;
    if (typeof reporter.consumerLag !== 'function') return;
    for (const group of this.config.apps.filter((app) => CONSUMER_GROUPS.includes(app))) {
      const lags = await reporter.consumerLag(group).catch(() => []);
      for (const lag of lags) this.metrics.consumerLag.set({ group, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await this.relay?.stop();
  }
}
