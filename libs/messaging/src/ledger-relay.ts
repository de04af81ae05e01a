import type { RecordedEvent } from '#contracts';
import type { LedgerStore } from '#ledger';
import type { CheckpointStore } from './checkpoint-store.js';
import type { EventBus, OutgoingMessage } from './event-bus.port.js';
import { encodeEvent } from './event-codec.js';
import { backoffMs, sleep } from './retry.js';

export interface RelayOptions {
  /** Name of the checkpoint; one per relay deployment. */
  id?: string;
  /** Most events in one publish (and one checkpoint). */
  batchSize?: number;
  /**
   * How long a batch that is not full waits for more events before it is published. A few
   * milliseconds turn a surge of small appends into a few large produce requests.
   */
  lingerMs?: number;
  /**
   * Reads of the ledger are at least this far apart while appends keep coming (default 20 ms):
   * a surge's appends, each announced, are fetched by one read instead of a read apiece.
   */
  readIntervalMs?: number;
  onPublished?: (count: number, lastPosition: number) => void;
  onError?: (error: unknown, attempt: number) => void;
  /** Called when this relay becomes the leader (true) or stands by (false). */
  onLeadership?: (leading: boolean) => void;
  /** How often a standby relay asks for leadership. */
  standbyPollMs?: number;
}

/**
 * The outbox: follows the ledger from its stored checkpoint (a subscription, woken by the
 * ledger's append notifications rather than polling) and publishes each event to its topic,
 * gathered into batches for a short linger. It publishes only what it read from the ledger,
 * in ledger order, one batch at a time, and saves the checkpoint once per batch, only after
 * the bus has acknowledged it, so a crash republishes at most the batches in flight.
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

  /** Follows the ledger until stopped or the lease is lost; a failed read restarts from the checkpoint. */
  private async loop(): Promise<void> {
    for (let attempt = 1; !this.stopping && !this.leaseLost; attempt++) {
      try {
        await this.follow();
        attempt = 0;
      } catch (error) {
        this.options.onError?.(error, attempt);
        await this.idle(backoffMs(100, Math.min(attempt, 8)));
      }
    }
  }

  /**
   * One subscription from the checkpoint. Events gather in `pending`; a full batch is
   * published at once, a partial one when the linger ends. Publishes run one after another,
   * and a full batch waits for the one before it, so at most two batches are held.
   */
  private async follow(): Promise<void> {
    const maxBatch = this.options.batchSize ?? 500;
    const lingerMs = this.options.lingerMs ?? 5;
    const pending: RecordedEvent[] = [];
    let timer: NodeJS.Timeout | null = null;
    let failure: { error: unknown } | null = null;
    let chain: Promise<boolean> = Promise.resolve(true);
    const end = (error: unknown): void => {
      failure ??= { error };
      this.wake?.();
    };
    // A publish takes what is pending when its turn comes (up to a batch), so events that
    // arrive while the one before is awaiting its acknowledgement go out together.
    let queued = false;
    const flush = (): Promise<boolean> => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (queued) return chain;
      queued = true;
      chain = chain
        .then((ok) => {
          queued = false;
          const events = pending.splice(0, maxBatch);
          if (pending.length > 0) timer ??= setTimeout(() => void flush(), lingerMs);
          return ok && events.length > 0 ? this.publish(events) : ok;
        })
        .catch((error: unknown) => (end(error), false));
      return chain;
    };
    const subscription = this.ledger.subscribeToAll({ after: this.checkpoint, batchSize: maxBatch, minReadIntervalMs: this.options.readIntervalMs ?? 20 }, async (event) => {
      // Once stopping, nothing more joins: what is pending stays a gap-free run after the checkpoint.
      if (this.stopping || this.leaseLost || failure) return;
      pending.push(event);
      if (pending.length >= maxBatch) await flush();
      else timer ??= setTimeout(() => void flush(), lingerMs);
    });
    subscription.done.catch(end);
    if (!this.stopping && !this.leaseLost && !failure) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    await subscription.stop();
    // Stopping finishes what was read; a lost lease leaves it to the next leader.
    while (!this.leaseLost && pending.length > 0 && (await flush()));
    if (timer) clearTimeout(timer);
    await chain;
    if (failure) throw (failure as { error: unknown }).error;
  }

  /** Publishes one batch and checkpoints it after the acknowledgement; false when the relay gave up (stopping). */
  private async publish(events: RecordedEvent[]): Promise<boolean> {
    const messages = events.map(encodeEvent).filter((m): m is OutgoingMessage => m !== null);
    const last = events[events.length - 1].position;
    if (messages.length && !(await this.withRetry(() => this.bus.publish(messages))).ok) return false;
    if (!(await this.withRetry(() => this.checkpoints.save(this.id, last))).ok) return false;
    this.checkpoint = last;
    this.options.onPublished?.(messages.length, last);
    return true;
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
