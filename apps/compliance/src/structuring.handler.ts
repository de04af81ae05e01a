import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  committeeStreamId,
  donationStreamId,
  reviewStreamId,
  TOPICS,
  upcast,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type EventMetadata,
  type RecordedEvent,
} from '#contracts';
import { rulePackFor, type KeyHistory } from '#compliance-rules';
import { evolveCommittee, historyBefore, initialCommitteeState, sightingsOf, suspicionOf, type KeyedSighting } from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { BusConsumer, consumerGroup } from '#platform';
import { eventCountFold } from './stream-folds.js';

/**
 * Structuring detection, after the contribution decision on each message of compliance's
 * group (a suspicion never holds a decision up, nor is it one). Its memory across donors is the ledger itself: every donation is
 * recorded on one stream per match key (card, address, email, device, donor), appended with
 * the revision read, so two replicas seeing two donations on one card at once are put in an
 * order and the second sees the first. Detectors compare a donation only with what its key
 * streams held before its own sighting: however often the message is redelivered, and on
 * whichever replica, the same donation finds the same evidence and names the same suspicion.
 * Why the ledger and not a read model: the evidence an officer and a regulator rely on must be
 * as durable and tamper-evident as the donations, and a read model's checkpoint per partition
 * cannot order two donors' messages on two partitions against each other.
 */
@BusConsumer()
export class StructuringHandler {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  @EventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (event.type === 'DonationReceived') await this.detect(event as RecordedEvent<'DonationReceived', DonationReceivedV4>);
    if (event.type === 'DonationRefunded') await this.noteRefund(event as RecordedEvent<'DonationRefunded', DonationRefundedV1>);
  }

  async detect(event: RecordedEvent<'DonationReceived', DonationReceivedV4>): Promise<void> {
    const received = event.payload;
    const committee = await loadState(this.ledger, committeeStreamId(received.committeeId), evolveCommittee, initialCommitteeState);
    if (committee.state.status !== 'registered') throw new Error(`committee ${received.committeeId} of donation ${received.donationId} is not registered`);
    const pack = rulePackFor(committee.state.jurisdiction, received.receivedAt);
    if (!pack.structuring) return;
    const metadata = metadataOf(event, received.donor.donorId);
    const sightings = sightingsOf(received, 'donation', { eventId: event.eventId, at: received.receivedAt, amountMinor: received.amountMinor }, metadata);
    const histories: KeyHistory[] = [];
    for (const sighting of sightings) histories.push(await this.record(sighting));
    const suspicion = suspicionOf(received, event.eventId, pack, histories, metadata);
    // 'any': the review stream may already hold an officer's decision on another item; the id
    // derives from the DonationReceived, so a second append of the same suspicion is a duplicate.
    if (suspicion) await this.ledger.append(reviewStreamId(received.donationId), [suspicion], 'any');
  }

  /** Appends the sighting unless there already, and returns what its stream held before it. */
  private async record(sighting: KeyedSighting): Promise<KeyHistory> {
    const { events, duplicate, loaded } = await handleCommand(this.ledger, sighting.streamId, eventCountFold, (_count, stream) =>
      historyBefore(sighting.keyKind, stream.events, sighting.event.eventId) ? [] : [sighting.event],
    );
    // Already there when read: what came before it is in what we read.
    if (events.length === 0) return historyBefore(sighting.keyKind, loaded.events, sighting.event.eventId) as KeyHistory;
    // What came before our sighting is exactly what we read (historyBefore reads ids and payloads only).
    if (!duplicate) return historyBefore(sighting.keyKind, [...loaded.events, sighting.event as RecordedEvent], sighting.event.eventId) as KeyHistory;
    // Another replica recorded this very sighting after our read: what came before is in the stream now.
    const again = await this.ledger.readStream(sighting.streamId);
    return historyBefore(sighting.keyKind, again.map((e) => upcast(e)), sighting.event.eventId) as KeyHistory;
  }

  /** A refund is remembered on the donation's key streams, for the round-trip detector of later donations. */
  async noteRefund(event: RecordedEvent<'DonationRefunded', DonationRefundedV1>): Promise<void> {
    const donation = await this.ledger.readStream(donationStreamId(event.payload.donationId));
    const receivedEvent = donation.find((e) => e.type === 'DonationReceived');
    if (!receivedEvent) return;
    const received = upcast<RecordedEvent<'DonationReceived', DonationReceivedV4>>(receivedEvent).payload;
    const metadata = metadataOf(event, received.donor.donorId);
    const sightings = sightingsOf(received, 'refund', { eventId: event.eventId, at: event.metadata.occurredAt, amountMinor: event.payload.amountMinor }, metadata);
    for (const sighting of sightings) await this.ledger.append(sighting.streamId, [sighting.event], 'any');
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
