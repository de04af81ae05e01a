import { createHash, randomUUID } from 'node:crypto';
import { messageKeyFor, topicFor, upcast, type NewEvent, type RecordedEvent } from '#contracts';

/** What a story appends to the ledger; a structural slice of the LedgerStore port. */
export interface AppendingLedger {
  append(streamId: string, events: NewEvent[], expected: 'any'): Promise<{ position: number }>;
  readAll(options: { after?: number | null; maxCount?: number }): Promise<RecordedEvent[]>;
}

export interface DonationStory {
  campaignId: string;
  committeeId: string;
  donationId: string;
  donorId: string;
  amountMinor: number;
  /** Defaults to the whole amount; 0 appends no acceptance (rejected or still pending). */
  acceptedMinor?: number;
  refundedMinor?: number;
  chargedBackMinor?: number;
  currency?: string;
  /** The donor's attestations as intake took them; none by default. */
  attestations?: Record<string, boolean>;
}

/**
 * Appends one donation's facts, as intake, compliance and the PSP webhooks write them
 * (current event versions): received, accepted, then a refund and a chargeback if asked.
 * Each fact is its own append, so each has its own position and recording instant.
 */
export async function appendDonationStory(ledger: AppendingLedger, story: DonationStory): Promise<number> {
  const currency = story.currency ?? 'USD';
  const { donationId, campaignId, committeeId, donorId } = story;
  const metadata = { occurredAt: '2026-06-01T12:00:00.000Z', correlationId: donationId, causationId: donationId, committeeId, donorId };
  const fact = (type: string, version: number, payload: Record<string, unknown>): NewEvent => ({ eventId: randomUUID(), type, version, payload, metadata });
  const facts: NewEvent[] = [
    fact('DonationReceived', 3, {
      donationId, campaignId, committeeId, amountMinor: String(story.amountMinor), currency, electionId: null, receivedAt: metadata.occurredAt,
      donor: { donorId, type: 'individual', sealed: null, detailsGiven: null, attestations: story.attestations ?? {} }, payment: { method: 'card', pspReference: `ch_${donationId}` },
    }),
  ];
  const accepted = story.acceptedMinor ?? story.amountMinor;
  if (accepted > 0) {
    facts.push(fact('DonationAccepted', 2, {
      donationId, campaignId, committeeId, donorId, electionId: null, acceptedAmountMinor: String(accepted), currency,
      aggregateAfterMinor: String(accepted), ruleIds: [], rulePackVersion: 'test', figures: {}, itemized: false,
    }));
  }
  if (story.refundedMinor) {
    facts.push(fact('DonationRefunded', 1, { donationId, campaignId, amountMinor: String(story.refundedMinor), currency, reason: 'donor asked', decidedBy: 'psp', pspReference: `ch_${donationId}` }));
  }
  if (story.chargedBackMinor) {
    facts.push(fact('ChargebackReceived', 1, { donationId, campaignId, amountMinor: String(story.chargedBackMinor), currency, reason: 'fraud', pspReference: `ch_${donationId}` }));
  }
  let position = 0;
  for (const event of facts) ({ position } = await ledger.append(`donation-${donationId}`, [event], 'any'));
  return position;
}

/**
 * Delivers the ledger's new events the way the bus does to a live consumer: decoded to the
 * current version, each under the partition its committee+donor key hashes to (of three).
 */
export class LiveFeed {
  private after: number | null = null;

  constructor(
    private readonly ledger: AppendingLedger,
    private readonly handle: (event: RecordedEvent, partitionKey: string) => Promise<void>,
  ) {}

  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.ledger.readAll({ after: this.after, maxCount: 500 });
      for (const event of page) {
        const topic = topicFor(event);
        if (topic !== null) {
          const partition = createHash('sha256').update(messageKeyFor(event)).digest()[0] % 3;
          await this.handle(upcast(event), `${topic}:${partition}`);
        }
        this.after = event.position;
      }
      if (page.length < 500) return;
    }
  }
}
