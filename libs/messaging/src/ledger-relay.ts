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
}

/**
 * The outbox: follows the ledger from its stored checkpoint and publishes each event to its
 * topic. It publishes only what it read from the ledger, and saves the checkpoint only after
 * the bus has acknowledged the batch, so a crash republishes at most the batch in flight.
 */
export class LedgerRelay {
  private running: Promise<void> | null = null;
  private stopping = false;
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

  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    this.checkpoint = await this.checkpoints.load(this.id);
    this.running = this.loop();
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
    while (!this.stopping) {
      const read = await this.withRetry(() => this.ledger.readAll({ after: this.checkpoint, maxCount: batchSize }));
      if (!read.ok) return;
      const events = read.value;
      if (events.length === 0) {
        await this.idle();
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
        if (this.stopping && attempt > 3) return { ok: false };
        await sleep(backoffMs(100, Math.min(attempt, 8)));
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.idlePollMs ?? 50);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
