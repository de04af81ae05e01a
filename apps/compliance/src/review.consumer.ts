import { Payload } from '@nestjs/microservices';
import { TOPICS, type RecordedEvent } from '#contracts';
import { BatchEventPattern, BusConsumer, consumerGroup } from '#platform';
import { ReviewEffects } from './review-effects.js';
import { ReviewService } from './review.service.js';

const OPENS_AN_ITEM = new Set(['DonationFlagged', 'ExcessiveContributionHeld', 'BestEffortsRequestOpened']);
const DECISIONS = new Set(['ReviewItemApproved', 'ReviewItemRejected', 'ExcessRedesignated', 'ExcessReattributed', 'ReviewInformationRequested']);

/**
 * Keeps the review queue's index in step with the ledger, and carries out officers' decisions
 * on donors' aggregates should the API's process have stopped between recording a decision and
 * applying it (the effects' ids derive from the decision, so applying one twice adds nothing).
 * The index row is recomputed from the ledger each time, so a redelivered message rewrites it
 * as it is.
 */
@BusConsumer()
export class ReviewConsumer {
  constructor(
    private readonly reviews: ReviewService,
    private readonly effects: ReviewEffects,
  ) {}

  /** A partition's batch: the items it opens indexed together (one read of the ledger, one upsert). */
  @BatchEventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    await this.reviews.refreshIndexes(events.filter((e) => OPENS_AN_ITEM.has(e.type)).map(donationIdOf));
  }

  /** A partition's batch: each decision's effects in order, then the index of every donation touched, together. */
  @BatchEventPattern(TOPICS.compliance, consumerGroup('compliance'))
  async onComplianceEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    for (const event of events) if (DECISIONS.has(event.type)) await this.effects.apply(event);
    await this.reviews.refreshIndexes(events.filter((e) => e.type === 'StructuringSuspected' || DECISIONS.has(e.type)).map(donationIdOf));
  }
}

const donationIdOf = (event: RecordedEvent): string => (event.payload as { donationId: string }).donationId;
