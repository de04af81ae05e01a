import { CURRENT_VERSIONS, type DisposalManner, type EventMetadata, type ImpermissibleDonationDealtWith, type ReturnAction } from '#contracts';
import { committeeDayOf } from '../committee/committee-rule-pack.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { DonationState } from './donation.decider.js';

/*
 * How a donation the party may not keep was actually dealt with (PPERA 2000 s.56(2), s.58-60;
 * the quarterly report states the date and manner, Sch. 6 para 6-7). The rejection said what
 * the law requires (DonationReturnRequired); this records what the party did.
 */

/**
 * The manners the statute allows for each kind of donation the party may not keep:
 * - an impermissible donor's gift goes back to the donor, or to the person who passed it on
 *   the donor's behalf (s.56(2)(a));
 * - an unidentifiable donation goes back to the person who transferred it if they can be
 *   identified, and is otherwise paid to the Electoral Commission (s.56(2)(b));
 * - either, once deemed accepted for not being dealt with in the 30 days (s.56(3)), may be
 *   forfeited by a court's order (s.58).
 */
export function disposalMannersAllowed(required: ReturnAction): readonly DisposalManner[] {
  switch (required) {
    case 'return_to_donor':
      return ['return_to_donor', 'return_to_transferor', 'forfeited'];
    case 'return_to_transferor_or_pay_electoral_commission':
      return ['return_to_transferor', 'paid_to_electoral_commission', 'forfeited'];
    default:
      return assertNever(required);
  }
}

/**
 * The manner of a return made by refunding the payment, when no officer recorded one: a refund
 * goes back to whoever paid. For an impermissible donor that is the donor; for an unidentifiable
 * one it is the person who transferred the money, never the Commission (s.56(2)(b)(i)).
 */
export function mannerOfRefund(required: ReturnAction): DisposalManner {
  return required === 'return_to_donor' ? 'return_to_donor' : 'return_to_transferor';
}

/** A refund or chargeback sends the money back to whoever paid it: it cannot then be paid to the Commission or forfeited. */
const MANNERS_AFTER_REFUND: readonly DisposalManner[] = ['return_to_donor', 'return_to_transferor'];

export interface RecordImpermissibleDisposal {
  type: 'RecordImpermissibleDisposal';
  eventId: string;
  metadata: EventMetadata;
  /** `dealtWithOn`: the committee-local day it was done; `reference`: the payment, receipt or court order. */
  data: { donationId: string; manner: DisposalManner; dealtWithOn: string; reference: string | null; reason: string; recordedBy: string };
  committee: CommitteeState;
}

/** The day is the committee's own (Europe/London for a UK party): on or after the day of receipt, not after today. */
function checkDay(command: RecordImpermissibleDisposal, receivedAt: string): void {
  const { committee, data, metadata } = command;
  if (committee.status !== 'registered') reject('committee_not_found', `committee of donation ${data.donationId} is not registered`);
  const receivedOn = committeeDayOf(committee, receivedAt);
  const today = committeeDayOf(committee, metadata.occurredAt);
  if (data.dealtWithOn < receivedOn) reject('disposal_date_invalid', `${data.dealtWithOn} is before the day the donation was received (${receivedOn})`);
  if (data.dealtWithOn > today) reject('disposal_date_invalid', `${data.dealtWithOn} is after today (${today})`);
}

const sameRecord = (a: { manner: string; dealtWithOn: string; reference: string | null }, b: typeof a): boolean =>
  a.manner === b.manner && a.dealtWithOn === b.dealtWithOn && (a.reference ?? null) === (b.reference ?? null);

/**
 * Records the manner and day an impermissible or unidentifiable donation was dealt with,
 * refusing in a fixed order: no such donation, not one the party had to give up, no reason,
 * already recorded otherwise (the same record again writes nothing), a manner the statute does
 * not allow for its kind, a forfeiture without its order or before the 30 days ran out, money
 * already refunded that cannot also go elsewhere, and a day outside receipt..today.
 */
export function recordImpermissibleDisposal(command: RecordImpermissibleDisposal, state: DonationState): ImpermissibleDonationDealtWith[] {
  const { data, metadata } = command;
  if (state.status === 'none') reject('donation_not_found', `no donation ${data.donationId}`);
  const required = state.returnRequired;
  if (required === null) reject('donation_not_impermissible', `donation ${data.donationId} was not refused as impermissible or unidentifiable: there is nothing to deal with under s.56(2)`);
  if (data.reason.trim() === '') reject('reason_required', 'the record needs its reason');
  if (state.dealtWith !== null) {
    if (sameRecord(state.dealtWith, data)) return [];
    reject('donation_already_dealt_with', `donation ${data.donationId} was recorded as ${state.dealtWith.manner} on ${state.dealtWith.dealtWithOn}`);
  }
  if (!disposalMannersAllowed(required.action).includes(data.manner)) {
    reject('disposal_manner_not_allowed', `${data.manner} is not allowed for ${required.code} (${required.action}); allowed: ${disposalMannersAllowed(required.action).join(', ')}`);
  }
  if (data.manner === 'forfeited') {
    if (data.reference === null || data.reference.trim() === '') reject('forfeiture_order_required', 'a forfeiture needs the reference of the court order (s.58)');
    if (data.dealtWithOn <= required.dueOn) reject('forfeiture_not_available', `a donation is forfeit only once not dealt with in the 30 days ending ${required.dueOn} (s.56(3), s.58)`);
  }
  const returnedMinor = state.refundedAmountMinor + state.chargedBackAmountMinor;
  if (returnedMinor > 0n && !MANNERS_AFTER_REFUND.includes(data.manner)) reject('donation_already_returned', `donation ${data.donationId} was refunded to whoever paid it: it cannot be ${data.manner}`);
  checkDay(command, state.dates.receivedAt);
  const { campaignId, committeeId } = state.received;
  const payload = { donationId: data.donationId, campaignId, committeeId, manner: data.manner, dealtWithOn: data.dealtWithOn, reference: data.reference, reason: data.reason, recordedBy: data.recordedBy, dueOn: required.dueOn, late: data.dealtWithOn > required.dueOn };
  return [{ eventId: command.eventId, type: 'ImpermissibleDonationDealtWith', version: CURRENT_VERSIONS.ImpermissibleDonationDealtWith, payload, metadata }];
}
