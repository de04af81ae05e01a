import { CURRENT_VERSIONS, deterministicId, type DonationRejected, type DonationReturnRequired, type RecordedEvent, type ReviewItemRejected } from '#contracts';
import { reviewSubjectOf } from './review.decider.js';

/**
 * A questionable source the officer refused (its donor's permissibility, or the gift's legality,
 * not established): the donation is not kept, and the money goes back to the donor by the flag's
 * own deadline: 30 days beginning with the day of receipt (PPERA s.56(2)), or the FEC's 30 days
 * (11 CFR 103.3(b)(1)). It goes on the donation's stream as a rejection with its return required,
 * as a donation refused on arrival does, so the donation reads `rejected`, the quarterly report
 * lists it among the donations to be returned (due, then returned once the refund comes), and the
 * queue's deadline stays open until the money is back. The ids derive from the decision: applying
 * it again adds nothing. Nothing for another item, or a donation (its upcast events) that was not
 * flagged or was decided otherwise since.
 */
export function returnOfRejectedSource(decision: ReviewItemRejected, donationEvents: readonly RecordedEvent[]): [DonationRejected, DonationReturnRequired] | [] {
  const subject = reviewSubjectOf(donationEvents);
  const flagged = subject?.flagged ?? null;
  const decidedSince = donationEvents.some((e) => e.type === 'DonationAccepted' || e.type === 'DonationRejected');
  if (decision.payload.item !== 'questionable_source' || !subject || flagged === null || decidedSince) return [];
  const { received } = subject;
  const code = flagged.reasons[0]?.code ?? 'questionable_source';
  const dueOn = flagged.deadlines.map((d) => d.dueOn).sort()[0] ?? received.receivedAt.slice(0, 10);
  const common = { donationId: received.donationId, campaignId: received.campaignId, committeeId: received.committeeId, donorId: received.donor.donorId };
  const why = { figures: { ...flagged.figures, rejectedBy: decision.payload.officer }, ruleIds: flagged.ruleIds, rulePackVersion: flagged.rulePackVersion };
  const metadata = { ...decision.metadata, causationId: decision.eventId, donorId: received.donor.donorId };
  return [
    {
      eventId: deterministicId('rejected-source', decision.eventId),
      type: 'DonationRejected',
      version: CURRENT_VERSIONS.DonationRejected,
      payload: { ...common, code, detail: `refused by an officer: ${decision.payload.reason}`, ...why },
      metadata,
    },
    {
      eventId: deterministicId('rejected-source-return', decision.eventId),
      type: 'DonationReturnRequired',
      version: CURRENT_VERSIONS.DonationReturnRequired,
      payload: { ...common, amountMinor: decision.payload.refundAmountMinor, currency: decision.payload.currency, code, action: 'return_to_donor', dueOn, ...why },
      metadata,
    },
  ];
}
