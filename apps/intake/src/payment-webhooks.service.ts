import { Inject, Injectable } from '@nestjs/common';
import { donationStreamId, withTrace } from '#contracts';
import { evolveDonation, initialDonationState, paymentFactId, recordPaymentNotice, Rejection, type PaymentNotice } from '#domain';
import { DuplicateEventIdError, isWrongExpectedRevision, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import type { RequestContext } from './intake.service.js';

const MAX_CONFLICT_RETRIES = 20;

export interface RecordedNotice {
  donationId: string;
  eventId: string;
  /** True when the provider event was recorded before: nothing new was written. */
  duplicate: boolean;
}

/**
 * Records a payment provider's notice on the donation's stream. The append carries the
 * revision read, so two refunds arriving at once cannot both pass the "never more than what
 * remains" check: the later one re-reads and is decided again.
 */
@Injectable()
export class PaymentWebhooksService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async record(notice: PaymentNotice, ctx: RequestContext): Promise<RecordedNotice> {
    const streamId = donationStreamId(notice.donationId);
    const eventId = paymentFactId(notice.pspEventId);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await loadState(this.ledger, streamId, evolveDonation, initialDonationState);
      const events = withTrace(recordPaymentNotice({ type: 'RecordPaymentNotice', notice, correlationId: ctx.correlationId, actor: 'payment-webhook' }, state), ctx.traceId);
      if (events.length === 0) return { donationId: notice.donationId, eventId, duplicate: true };
      try {
        const appended = await this.ledger.append(streamId, events, revision ?? 'no_stream');
        return { donationId: notice.donationId, eventId, duplicate: appended.duplicate };
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          throw new Rejection('payment_event_conflict', `provider event ${notice.pspEventId} was recorded for another donation`);
        }
        if (!isWrongExpectedRevision(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }
}
