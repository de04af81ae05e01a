import type { LedgerStore } from '#ledger';
import type { CheckpointStore } from './checkpoint-store.js';
import type { EventBus, OutgoingMessage } from './event-bus.port.js';
import { encodeEvent } from './event-codec.js';
import { backoffMs, sleep } from './retry.js';

export interface RelayOptions {
  /** Name of the checkpoint; one per relay deployment. */
  id?: string;
  batchSize?: number;
  idlePollMs?: number;
  onPublished?: (count: number, lastPosition: number) => void;
  onError?: (error: unknown, attempt: number) => void;
  /** Called when this relay becomes the leader (true) or stands by (false). */
  onLeadership?: (leading: boolean) => void;
  /** How often a standby relay asks for leadership. */
  standbyPollMs?: number;
}

/**
 * The outbox: follows the ledger from its stored checkpoint and publishes each event to its
 * topic. It publishes only what it read from the ledger, and saves the checkpoint only after
 * the bus has acknowledged the batch, so a crash republishes at most the batch in flight.
 */
export class LedgerRelay {
  private running: Promise<void> | null = null;
  private stopping = false;
  private leaseLost = false;
  private wake: (() => void) | null = null;
  private checkpoint: number | null = null;
  private readonly id: string;

  constructor(
    private readonly ledger: LedgerStore,
    private readonly bus: EventBus,
    private readonly checkpoints: CheckpointStore,
    private readonly options: RelayOptions = {},
  ) {
    this.id = options.id ?? 'relay';
  }

  get position(): number | null {
    return this.checkpoint;
  }

  /**
   * Starts following the ledger. With several replicas (intake scaled out), one relay leads,
   * holding the checkpoint's lease; the others stand by and take over if the leader's lease
   * is lost, so a crash of the leader costs a poll interval, never a second publisher.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    this.running = this.lead();
  }

  private async lead(): Promise<void> {
    while (!this.stopping) {
      const lease = this.checkpoints.tryLease ? await this.checkpoints.tryLease(this.id).catch(() => null) : null;
      if (this.checkpoints.tryLease && !lease) {
        this.options.onLeadership?.(false);
        await this.idle(this.options.standbyPollMs ?? 2_000);
        continue;
      }
      this.options.onLeadership?.(true);
      this.leaseLost = false;
      void lease?.lost.then(() => {
        this.leaseLost = true;
        this.wake?.();
      });
      try {
        // Another leader may have moved the checkpoint while this one stood by.
        const loaded = await this.withRetry(() => this.checkpoints.load(this.id));
        if (loaded.ok) {
          this.checkpoint = loaded.value;
          await this.loop();
        }
      } finally {
        this.options.onLeadership?.(false);
        await lease?.release();
      }
    }
  }

  /** Finishes the batch in flight (published and checkpointed), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Relay lag in events: how far the head of the ledger is ahead of the checkpoint. */
  async lag(): Promise<number> {
    return ((await this.ledger.headPosition()) ?? 0) - (this.checkpoint ?? 0);
  }

  /** Resolves once everything in the ledger up to now has been published. */
  async drained(): Promise<void> {
    const head = (await this.ledger.headPosition()) ?? 0;
    while ((this.checkpoint ?? 0) < head && !this.stopping) await sleep(10);
  }

  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (!this.stopping && !this.leaseLost) {
      const read = await this.withRetry(() => this.ledger.readAll({ after: this.checkpoint, maxCount: batchSize }));
      if (!read.ok) return;
      const events = read.value;
      if (events.length === 0) {
        await this.idle(this.options.idlePollMs ?? 50);
        continue;
      }
      const messages = events.map(encodeEvent).filter((m): m is OutgoingMessage => m !== null);
      const last = events[events.length - 1].position;
      if (messages.length && !(await this.withRetry(() => this.bus.publish(messages))).ok) return;
      if (!(await this.withRetry(() => this.checkpoints.save(this.id, last))).ok) return;
      this.checkpoint = last;
      this.options.onPublished?.(messages.length, last);
    }
  }

  /** Retries transient failures (broker or database down) until they pass or the relay stops. */
  private async withRetry<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, value: await work() };
      } catch (error) {
        this.options.onError?.(error, attempt);
        if ((this.stopping || this.leaseLost) && attempt > 3) return { ok: false };
        await sleep(backoffMs(100, Math.min(attempt, 8)));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
