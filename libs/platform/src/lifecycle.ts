import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RecordedEvent } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import {
  EVENT_BUS,
  LedgerRelay,
  decodeEvent,
  type CheckpointStore,
  type Consumer,
  type EventBus,
  type IncomingMessage,
} from '#messaging';
import type { HustingsConfig } from './config.js';
import type { Metrics } from './metrics.js';
import { CHECKPOINTS, CONFIG, METRICS } from './tokens.js';

export interface EventSubscription {
  group: string;
  topics: string[];
  handle(event: RecordedEvent, message: IncomingMessage): Promise<void>;
}

interface LagReporter {
  consumerLag(group: string): Promise<{ topic: string; partition: number; lag: number }[]>;
}

/**
 * Starts and stops the moving parts in an order that loses nothing: consumers first, the
 * relay last, on the way up; on the way down the relay first (finishing its batch), then the
 * consumers (finishing their message and committing), then the connections.
 */
@Injectable()
export class Lifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  draining = false;
  private readonly logger = new Logger('lifecycle');
  private readonly subscriptions: EventSubscription[] = [];
  private readonly consumers: Consumer[] = [];
  private relay: LedgerRelay | null = null;
  private relayLeading = false;

  constructor(
    @Inject(CONFIG) private readonly config: HustingsConfig,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  /** Apps call this from onModuleInit; consumption starts once the whole app is wired. */
  subscribe(subscription: EventSubscription): void {
    this.subscriptions.push(subscription);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const subscription of this.subscriptions) {
      const { group, topics } = subscription;
      const onDeadLetter = (message: { topic: string }, reason: string): void => {
        this.metrics.deadLetters.inc({ group, topic: message.topic });
        this.logger.error(`${group} dead-lettered a message from ${message.topic}: ${reason}`);
      };
      this.consumers.push(await this.bus.consume({ group, topics, onDeadLetter }, (m) => this.deliver(subscription, m)));
    }
    if (this.config.relayEnabled) {
      this.relay = new LedgerRelay(this.ledger, this.bus, this.checkpoints, {
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
  }

  private async deliver(subscription: EventSubscription, message: IncomingMessage): Promise<void> {
    try {
      await subscription.handle(decodeEvent(message), message);
      this.metrics.consumed.inc({ group: subscription.group, topic: message.topic });
    } catch (error) {
      if (message.attempt === 1) this.logger.warn(`${subscription.group} failed on ${message.topic}/${message.offset}: ${String(error)}`);
      throw error;
    }
  }

  /** Resolves when the relay has published everything in the ledger so far. */
  async relayDrained(): Promise<void> {
    await this.relay?.drained();
  }

  async refreshGauges(): Promise<void> {
    if (this.relay) this.metrics.relayLag.set(await this.relay.lag().catch(() => 0));
    const reporter = this.bus as Partial<LagReporter>;
    if (typeof reporter.consumerLag !== 'function') return;
    for (const { group } of this.subscriptions) {
      const lags = await reporter.consumerLag(group).catch(() => []);
      for (const lag of lags) this.metrics.consumerLag.set({ group, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await this.relay?.stop();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
