import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type RecordedEvent } from '#contracts';
import { BusConsumer, consumerGroup } from '#platform';
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

  @EventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (OPENS_AN_ITEM.has(event.type)) await this.reviews.refreshIndex((event.payload as { donationId: string }).donationId);
  }

  @EventPattern(TOPICS.compliance, consumerGroup('compliance'))
  async onComplianceEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (DECISIONS.has(event.type)) await this.effects.apply(event);
    if (event.type === 'StructuringSuspected' || DECISIONS.has(event.type)) await this.reviews.refreshIndex((event.payload as { donationId: string }).donationId);
  }
}
