import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, donationStreamId, type EventMetadata } from '#contracts';
import { correctDonationDate, donationFold, recordDeposit, type DateCorrectionInput, type DonationDates, type DonationState } from '#domain';
import { handleCommand, LEDGER_STORE, type LedgerStore } from '#ledger';
import { fail , requestFactMetadata } from '#platform';
import { IntakeService, type RequestContext } from './intake.service.js';

/** What a date request answers: the donation's dates as they now stand, and whether this request recorded anything. */
export interface DatesAnswer {
  donationId: string;
  committeeId: string;
  dates: DonationDates;
  recorded: boolean;
}

/**
 * A donation's deposit and date corrections (issue 14, item 2), each one fact on the donation's
 * stream through the one command path; the rules are donation-dates.decider.ts'.
 */
@Injectable()
export class DonationDatesService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly intake: IntakeService,
  ) {}

  async recordDeposit(donation: Recorded, depositedOn: string, ctx: RequestContext): Promise<DatesAnswer> {
    const committee = await this.intake.committee(donation.received.committeeId);
    const donationId = donation.received.donationId;
    // One deposit per donation: a retried request is the same fact.
    const eventId = deterministicId('donation-deposited', donationId);
    return this.answer(donationId, await handleCommand(this.ledger, donationStreamId(donationId), donationFold, (state) =>
      recordDeposit({ type: 'RecordDeposit', eventId, metadata: metadataOf(donation, ctx), data: { donationId, depositedOn, recordedBy: ctx.actor }, committee }, state),
    ));
  }

  async correctDate(donation: Recorded, input: DateCorrectionInput, ctx: RequestContext): Promise<DatesAnswer> {
    const committee = await this.intake.committee(donation.received.committeeId);
    const donationId = donation.received.donationId;
    return this.answer(donationId, await handleCommand(this.ledger, donationStreamId(donationId), donationFold, (state) =>
      correctDonationDate({ type: 'CorrectDonationDate', eventId: randomUUID(), metadata: metadataOf(donation, ctx), data: { donationId, ...input, correctedBy: ctx.actor }, committee }, state),
    ));
  }

  private answer(donationId: string, result: { after: DonationState; events: readonly unknown[] }): DatesAnswer {
    if (result.after.status === 'none') fail('not_found', `no donation ${donationId}`);
    return { donationId, committeeId: result.after.received.committeeId, dates: result.after.dates, recorded: result.events.length > 0 };
  }
}

type Recorded = Exclude<DonationState, { status: 'none' }>;

/** A donation fact names its committee and donor: the read models key the donor's aggregate by them. */
function metadataOf(donation: Recorded, ctx: RequestContext): EventMetadata {
  const { committeeId, donor } = donation.received;
  return requestFactMetadata(ctx, committeeId, donor.donorId);
}
