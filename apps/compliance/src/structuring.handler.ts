import { Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  donationStreamId,
  donorAggregateStreamId,
  reviewStreamId,
  TOPICS,
  upcast,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
  type StructuringSuspected,
} from '#contracts';
import { donorAggregateFold, sightingsOf, suspicionOf } from '#domain';
import { LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { linkedDonorsOf } from './linked-donors.js';
import { BatchEventPattern, BusConsumer, consumerGroup } from '#platform';
import { StructuringSightings } from './structuring-sightings.js';

type Received = RecordedEvent<'DonationReceived', DonationReceivedV4>;

/**
 * Structuring detection, after the contribution decision on each message of compliance's
 * group (a suspicion never holds a decision up, nor is it one). Its memory across donors is the ledger itself: every donation is
 * recorded on one stream per match key (card, address, email, device, donor), appended with
 * the revision read, so two replicas seeing two donations on one card at once are put in an
 * order and the second sees the first. Detectors compare a donation only with what its key
 * streams held before its own sighting: however often the message is redelivered, and on
 * whichever replica, the same donation finds the same evidence and names the same suspicion.
 * The process keeps of each key only what can still change a finding (a window of the pack's
 * lookback, libs/domain structuring-window.ts), caught up from the key's stream on every
 * donation: a key shared by a thousand donors costs the sightings appended since, not a thousand.
 * Why the ledger and not a read model: the evidence an officer and a regulator rely on must be
 * as durable and tamper-evident as the donations, and a read model's checkpoint per partition
 * cannot order two donors' messages on two partitions against each other.
 */
@BusConsumer()
export class StructuringHandler {
  private readonly sightings: StructuringSightings;

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {
    this.sightings = new StructuringSightings(ledger);
  }

  /**
   * A partition's batch, in order: each run of received donations is judged together (one
   * read, one appendMany of sightings; see StructuringSightings.recordTogether), a refund
   * between them is remembered in its place.
   */
  @BatchEventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    let run: Received[] = [];
    for (const event of events) {
      if (event.type === 'DonationReceived') run.push(event as Received);
      if (event.type === 'DonationRefunded') {
        await this.detectTogether(run);
        run = [];
        await this.noteRefund(event as RecordedEvent<'DonationRefunded', DonationRefundedV1>);
      }
    }
    await this.detectTogether(run);
  }

  detect(event: Received): Promise<void> {
    return this.detectTogether([event]);
  }

  /** Received donations judged in order, their sightings recorded together, then every suspicion they raise. */
  async detectTogether(events: readonly Received[]): Promise<void> {
    if (events.length === 0) return;
    const items = events.map((event) => {
      const received = event.payload;
      const metadata = metadataOf(event, received.donor.donorId);
      return { event, metadata, received, sightings: sightingsOf(received, 'donation', { eventId: event.eventId, at: received.receivedAt, amountMinor: received.amountMinor }, metadata) };
    });
    const recorded = await this.sightings.recordTogether(items);
    const suspicions = new Map<string, NewEvent[]>();
    for (const [i, { event, received, metadata }] of items.entries()) {
      const found = recorded[i];
      const suspicion = found && (await this.unlessLinked(received, suspicionOf(received, event.eventId, found.pack, found.histories, metadata), (linked) => suspicionOf(received, event.eventId, found.pack, found.histories, metadata, linked)));
      if (!suspicion) continue;
      const streamId = reviewStreamId(received.donationId);
      const known = suspicions.get(streamId) ?? [];
      // A redelivered copy in the batch raises the same suspicion (same id): written once.
      if (!known.some((e) => e.eventId === suspicion.eventId)) suspicions.set(streamId, [...known, suspicion]);
    }
    // 'any': the review stream may already hold an officer's decision on another item; the id
    // derives from the DonationReceived, so a second append of the same suspicion is a duplicate.
    const requests = [...suspicions].map(([streamId, evs]) => ({ streamId, events: evs, expected: 'any' as const }));
    if (requests.length === 1) await this.ledger.append(requests[0].streamId, requests[0].events, 'any');
    else if (requests.length > 1) await this.ledger.appendMany(requests);
  }

  /**
   * A near match of donors an officer has linked as one person is no suspicion: only when a
   * donation raises a near match are the donor's links read (its aggregate and those linked to
   * it), and the suspicion judged again without them.
   */
  private async unlessLinked(received: DonationReceivedV4, suspicion: StructuringSuspected | null, without: (linked: ReadonlySet<string>) => StructuringSuspected | null): Promise<StructuringSuspected | null> {
    if (!suspicion?.payload.findings.some((f) => f.detector === 'donor-near-match')) return suspicion;
    const own = await loadState(this.ledger, donorAggregateStreamId(received.committeeId, received.donor.donorId), donorAggregateFold);
    if (own.state.linkedDonorIds.size === 0) return suspicion;
    const linked = await linkedDonorsOf(this.ledger, received.committeeId, received.donor.donorId, own.state);
    return without(new Set(linked.map((l) => l.donorId)));
  }

  /** A refund is remembered on the donation's key streams, for the round-trip detector of later donations. */
  async noteRefund(event: RecordedEvent<'DonationRefunded', DonationRefundedV1>): Promise<void> {
    const donation = await this.ledger.readStream(donationStreamId(event.payload.donationId));
    const receivedEvent = donation.find((e) => e.type === 'DonationReceived');
    if (!receivedEvent) return;
    const received = upcast<RecordedEvent<'DonationReceived', DonationReceivedV4>>(receivedEvent).payload;
    const metadata = metadataOf(event, received.donor.donorId);
    const sightings = sightingsOf(received, 'refund', { eventId: event.eventId, at: event.metadata.occurredAt, amountMinor: event.payload.amountMinor }, metadata);
    if (sightings.length > 0) await this.ledger.appendMany(sightings.map((s) => ({ streamId: s.streamId, events: [s.event], expected: 'any' as const })));
  }
}

function metadataOf(event: RecordedEvent, donorId: string): EventMetadata {
  return {
    occurredAt: event.metadata.occurredAt,
    correlationId: event.metadata.correlationId,
    causationId: event.eventId,
    committeeId: event.metadata.committeeId,
    donorId,
    actor: 'compliance',
  };
}
