import { CURRENT_VERSIONS, type DepositStanding, type DonationDateCorrected, type DonationDateKind, type DonationDeposited, type EventMetadata } from '#contracts';
import { depositDeadline } from '#compliance-rules';
import { committeeDayOf, committeeRulePack } from '../committee/committee-rule-pack.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { reject } from '../shared/rejection.js';
import type { DonationState } from './donation.decider.js';
import type { DonationDates } from './donation-dates.js';

/* Recording a deposit and correcting a date: the rules of the dates folded in donation-dates.ts. */

type Registered = CommitteeState & { status: 'registered' };
type Recorded = Exclude<DonationState, { status: 'none' }>;

function existing(state: DonationState, donationId: string, committee: CommitteeState): { donation: Recorded; committee: Registered } {
  if (state.status === 'none') reject('donation_not_found', `no donation ${donationId}`);
  if (committee.status !== 'registered') reject('committee_not_found', `committee ${state.received.committeeId} is not registered`);
  return { donation: state, committee };
}

/** A committee-local day the donation can have been deposited on: not before its day of receipt, not after today. */
function checkDepositDay(committee: Registered, receivedAt: string, day: string, now: string): void {
  if (day < committeeDayOf(committee, receivedAt)) reject('donation_date_invalid', `${day} is before the day the donation was received (${committeeDayOf(committee, receivedAt)})`);
  if (day > committeeDayOf(committee, now)) reject('donation_date_invalid', `${day} is after today (${committeeDayOf(committee, now)})`);
}

const standing = (committee: Registered, receivedAt: string, depositedOn: string): DepositStanding => depositDeadline(committeeRulePack(committee, receivedAt), receivedAt, depositedOn);

export interface RecordDeposit {
  type: 'RecordDeposit';
  eventId: string;
  metadata: EventMetadata;
  data: { donationId: string; depositedOn: string; recordedBy: string };
  committee: CommitteeState;
}

/**
 * Records the day the committee deposited the donation, with where it stands against the deposit
 * period of the pack in force when it was received. The same day again records nothing; another
 * day is a correction, which needs its reason (correctDonationDate).
 */
export function recordDeposit(command: RecordDeposit, state: DonationState): DonationDeposited[] {
  const { data, metadata } = command;
  const { donation, committee } = existing(state, data.donationId, command.committee);
  const { dates } = donation;
  if (dates.depositedOn === data.depositedOn) return [];
  if (dates.depositedOn !== null) reject('donation_date_already_recorded', `the deposit is recorded on ${dates.depositedOn}: correct it with a reason`);
  checkDepositDay(committee, dates.receivedAt, data.depositedOn, metadata.occurredAt);
  const { campaignId, committeeId } = donation.received;
  const payload = { donationId: data.donationId, campaignId, committeeId, depositedOn: data.depositedOn, ...standing(committee, dates.receivedAt, data.depositedOn), recordedBy: data.recordedBy };
  return [{ eventId: command.eventId, type: 'DonationDeposited', version: CURRENT_VERSIONS.DonationDeposited, payload, metadata }];
}

export interface CorrectDonationDate {
  type: 'CorrectDonationDate';
  eventId: string;
  metadata: EventMetadata;
  /** `corrected`: an instant in UTC for `received` and `accepted`, a committee-local day for `deposited`. */
  data: { donationId: string; date: DonationDateKind; corrected: string; reason: string; correctedBy: string };
  committee: CommitteeState;
}

const current = (dates: DonationDates, date: DonationDateKind): string | null =>
  date === 'received' ? dates.receivedAt : date === 'accepted' ? dates.acceptedAt : dates.depositedOn;

/** The dates in order: received, then accepted and deposited (both on or after receipt), none in the future. */
function checkOrder(committee: Registered, dates: DonationDates, now: string): void {
  if (Date.parse(dates.receivedAt) > Date.parse(now)) reject('donation_date_invalid', `received ${dates.receivedAt} is in the future`);
  if (dates.acceptedAt !== null && Date.parse(dates.acceptedAt) > Date.parse(now)) reject('donation_date_invalid', `accepted ${dates.acceptedAt} is in the future`);
  if (dates.acceptedAt !== null && Date.parse(dates.acceptedAt) < Date.parse(dates.receivedAt)) reject('donation_date_invalid', `accepted ${dates.acceptedAt} is before received ${dates.receivedAt}`);
  if (dates.depositedOn !== null) checkDepositDay(committee, dates.receivedAt, dates.depositedOn, now);
}

/**
 * Corrects one of the donation's dates, with the officer's reason. Only a date the ledger holds
 * can be corrected (a deposit or acceptance not yet recorded cannot); the corrected dates must
 * stay in order. A correction of receipt or deposit of a deposited donation states the deposit's
 * standing afresh, so no reader keeps a deadline counted from the wrong day. The same date again
 * records nothing.
 */
export function correctDonationDate(command: CorrectDonationDate, state: DonationState): DonationDateCorrected[] {
  const { data, metadata } = command;
  const { donation, committee } = existing(state, data.donationId, command.committee);
  if (data.reason.trim() === '') reject('reason_required', 'a corrected date needs the reason it was wrong');
  const previous = current(donation.dates, data.date);
  if (previous === null) reject('donation_date_not_recorded', `no ${data.date} date is recorded for ${data.donationId} to correct`);
  if (previous === data.corrected || (data.date !== 'deposited' && Date.parse(previous) === Date.parse(data.corrected))) return [];
  const after = { ...donation.dates, [data.date === 'deposited' ? 'depositedOn' : `${data.date}At`]: data.corrected };
  checkOrder(committee, after, metadata.occurredAt);
  const deposit = after.depositedOn !== null && data.date !== 'accepted' ? standing(committee, after.receivedAt, after.depositedOn) : null;
  const { campaignId, committeeId } = donation.received;
  const payload = { donationId: data.donationId, campaignId, committeeId, date: data.date, previous, corrected: data.corrected, reason: data.reason, correctedBy: data.correctedBy, deposit };
  return [{ eventId: command.eventId, type: 'DonationDateCorrected', version: CURRENT_VERSIONS.DonationDateCorrected, payload, metadata }];
}
