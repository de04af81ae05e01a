import { deterministicId, type RecordedEvent } from '#contracts';
import { isWrongExpectedRevision } from '../errors.js';
import type { LedgerStore } from '../ledger-store.port.js';
import { LEDGER_COMMITTEE_ID, nextSeal, SEAL_EVENT_TYPE, SEAL_STREAM_ID, type Seal, type SealingKey } from './seal.js';

export interface StoredSeal {
  seal: Seal;
  /** The seal event as the ledger holds it. */
  event: RecordedEvent;
}

export function sealOf(event: RecordedEvent): Seal {
  return event.payload as Seal;
}

/** Seals of the ledger in sequence order, from `fromSequence`. */
export async function readSeals(ledger: LedgerStore, fromSequence = 0): Promise<StoredSeal[]> {
  const events = await ledger.readStream(SEAL_STREAM_ID, { fromRevision: fromSequence });
  return events.map((event) => ({ seal: sealOf(event), event }));
}

/**
 * Appends seals over everything the ledger held when called: each seal covers the events
 * after the previous seal, at most `maxLeaves` of them. Seals go to one stream with an
 * expected revision, so two sealers racing (two replicas of reporting) cannot fork the
 * chain: the loser re-reads and finds the work done. Seal events are sealed by the next seal
 * like any other event, but a tail of nothing but seal events is left alone, so an idle ledger
 * is not sealed over and over.
 */
export class LedgerSealer {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly key: SealingKey,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxLeaves = 4096,
  ) {}

  async sealToHead(): Promise<Seal[]> {
    const target = await this.ledger.headPosition();
    const appended: Seal[] = [];
    for (let round = 0; target !== null && round < 1_000_000; round++) {
      const last = await this.lastSeal();
      if (last && last.seal.to >= target) break;
      const events = (await this.ledger.readAll({ after: last?.seal.to ?? null, maxCount: this.maxLeaves })).filter(
        (event) => event.position <= target,
      );
      if (events.length === 0 || events.every((event) => event.streamId === SEAL_STREAM_ID)) break;
      const seal = nextSeal(last?.seal ?? null, events, this.clock().toISOString(), this.key);
      if (await this.append(seal, last)) appended.push(seal);
    }
    return appended;
  }

  async lastSeal(): Promise<StoredSeal | null> {
    const [event] = await this.ledger.readStream(SEAL_STREAM_ID, { direction: 'backwards', maxCount: 1 });
    return event ? { seal: sealOf(event), event } : null;
  }

  private async append(seal: Seal, last: StoredSeal | null): Promise<boolean> {
    try {
      const result = await this.ledger.append(
        SEAL_STREAM_ID,
        [
          {
            eventId: deterministicId('ledger-seal', String(seal.sequence), String(seal.from), String(seal.to)),
            type: SEAL_EVENT_TYPE,
            version: 1,
            payload: seal,
            metadata: {
              occurredAt: seal.sealedAt,
              correlationId: `ledger-seal-${seal.sequence}`,
              causationId: `ledger-seal-${seal.sequence}`,
              committeeId: LEDGER_COMMITTEE_ID,
              actor: `sealer:${seal.keyId}`,
            },
          },
        ],
        last ? last.event.revision : 'no_stream',
      );
      return !result.duplicate;
    } catch (error) {
      if (isWrongExpectedRevision(error)) return false;
      throw error;
    }
  }
}
