import { Inject, Injectable } from '@nestjs/common';
import { donationStreamId, withTrace } from '#contracts';
import { donationFold, paymentFactId, type PaymentNotice, recordPaymentNotice, Rejection } from '#domain';
import { DuplicateEventIdError, handleCommand, LEDGER_STORE, type LedgerStore } from '#ledger';
import type { RequestContext } from './intake.service.js';

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
    try {
      const { events, duplicate } = await handleCommand(this.ledger, streamId, donationFold, (donation) =>
        withTrace(recordPaymentNotice({ type: 'RecordPaymentNotice', notice, correlationId: ctx.correlationId, actor: 'payment-webhook' }, donation), ctx.traceId),
      );
      // Nothing decided: the decider found the provider event already on the stream.
      return { donationId: notice.donationId, eventId, duplicate: events.length === 0 || duplicate };
    } catch (error) {
      if (error instanceof DuplicateEventIdError) {
        throw new Rejection('payment_event_conflict', `provider event ${notice.pspEventId} was recorded for another donation`);
      }
      throw error;
    }
  }
}
