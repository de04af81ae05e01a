import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  donationStreamId,
  reviewStreamId,
  TOPICS,
  upcast,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type EventMetadata,
  type RecordedEvent,
} from '#contracts';
import { sightingsOf, suspicionOf } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { BusConsumer, consumerGroup } from '#platform';
import { StructuringSightings } from './structuring-sightings.js';

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

  @EventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (event.type === 'DonationReceived') await this.detect(event as RecordedEvent<'DonationReceived', DonationReceivedV4>);
    if (event.type === 'DonationRefunded') await this.noteRefund(event as RecordedEvent<'DonationRefunded', DonationRefundedV1>);
  }

  async detect(event: RecordedEvent<'DonationReceived', DonationReceivedV4>): Promise<void> {
    const received = event.payload;
    const metadata = metadataOf(event, received.donor.donorId);
    const sightings = sightingsOf(received, 'donation', { eventId: event.eventId, at: received.receivedAt, amountMinor: received.amountMinor }, metadata);
    const recorded = await this.sightings.record(received, sightings);
    if (recorded === null) return;
    const suspicion = suspicionOf(received, event.eventId, recorded.pack, recorded.histories, metadata);
    // 'any': the review stream may already hold an officer's decision on another item; the id
    // derives from the DonationReceived, so a second append of the same suspicion is a duplicate.
    if (suspicion) await this.ledger.append(reviewStreamId(received.donationId), [suspicion], 'any');
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
