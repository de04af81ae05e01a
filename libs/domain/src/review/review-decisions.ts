import { CURRENT_VERSIONS, type ReviewDecisionEvent } from '#contracts';
import { DONOR_ID_PATTERN } from '../identity/donor-identity.js';
import { reject } from '../shared/rejection.js';
import { remainingExcessMinor, reviewItemsOf, type DecideReview, type ReviewState, type ReviewSubject } from './review.decider.js';

const ALLOWED = {
  questionable_source: ['approve', 'reject', 'request_information'],
  structuring: ['approve', 'reject', 'request_information'],
  excess: ['reject', 'redesignate', 'reattribute'],
  best_efforts: ['request_information'],
} as const satisfies Record<DecideReview['item'], readonly DecideReview['decision'][]>;

/**
 * An officer's decision on one review item of a donation, checked in a fixed order: the
 * donation, the item, whether the decision fits the item, whether the item is still open,
 * then the remedy's amount and where it goes. One event, appended to the review stream with
 * the revision the state was read at, so two officers cannot both remedy the same excess.
 */
export function decideReview(command: DecideReview, subject: ReviewSubject | null, review: ReviewState): ReviewDecisionEvent {
  if (!subject) return reject('donation_not_found', 'no such donation');
  const item = reviewItemsOf(subject, review).find((i) => i.kind === command.item);
  if (!item) return reject('review_item_not_found', `donation ${subject.received.donationId} has no ${command.item} to review`);
  if (!(ALLOWED[command.item] as readonly string[]).includes(command.decision)) {
    return reject('review_decision_not_allowed', `${command.decision} is not a decision on ${command.item} (allowed: ${ALLOWED[command.item].join(', ')})`);
  }
  if (command.item === 'excess') return decideExcess(command, subject, review);
  if (!item.open) return reject('review_already_decided', `the ${command.item} of donation ${subject.received.donationId} was decided already`);
  const base = { donationId: subject.received.donationId, committeeId: subject.received.committeeId, item: command.item, officer: command.officer, reason: command.reason };
  const envelope = { eventId: command.eventId, metadata: command.metadata };
  switch (command.decision) {
    case 'approve':
      return { ...envelope, type: 'ReviewItemApproved', version: CURRENT_VERSIONS.ReviewItemApproved, payload: base };
    case 'reject':
      return {
        ...envelope,
        type: 'ReviewItemRejected',
        version: CURRENT_VERSIONS.ReviewItemRejected,
        payload: { ...base, refundAmountMinor: subject.received.amountMinor, currency: subject.received.currency },
      };
    default:
      return { ...envelope, type: 'ReviewInformationRequested', version: CURRENT_VERSIONS.ReviewInformationRequested, payload: base };
  }
}

function decideExcess(command: DecideReview, subject: ReviewSubject, review: ReviewState): ReviewDecisionEvent {
  const remaining = remainingExcessMinor(subject, review);
  if (remaining <= 0n) return reject('excess_already_remedied', `the excess of donation ${subject.received.donationId} was remedied already`);
  const amount = command.amountMinor ?? remaining;
  if (amount <= 0n) return reject('amount_must_be_positive', 'amountMinor must be greater than zero');
  if (amount > remaining) return reject('remedy_exceeds_excess', `${amount} is more than the ${remaining} of excess still held`);
  const held = subject.held!;
  // An excess a donor link created was counted in full on receipt: only a refund may remedy it.
  const remedy = ({ reject: 'refund', redesignate: 'redesignation', reattribute: 'reattribution' } as const)[command.decision as 'reject' | 'redesignate' | 'reattribute'];
  if (!held.remedies.includes(remedy)) return reject('remedy_not_allowed', `this excess may be remedied by ${held.remedies.join(', ')} only, not by ${remedy}`);
  const common = { donationId: held.donationId, committeeId: held.committeeId, amountMinor: amount.toString(), currency: held.currency, remainingExcessMinor: (remaining - amount).toString(), officer: command.officer, reason: command.reason };
  const envelope = { eventId: command.eventId, metadata: command.metadata };
  if (command.decision === 'reject') {
    const { amountMinor: _amount, remainingExcessMinor: _left, ...rest } = common;
    return { ...envelope, type: 'ReviewItemRejected', version: CURRENT_VERSIONS.ReviewItemRejected, payload: { ...rest, item: 'excess', refundAmountMinor: amount.toString() } };
  }
  const fits = (target: DecideReview['target']): boolean => target === null || target.limitMinor === null || target.aggregateMinor + amount <= target.limitMinor;
  if (command.decision === 'redesignate') {
    const to = command.toElectionId;
    if (to === null || !command.electionIds.includes(to)) return reject('election_unknown', `election ${to ?? '(none)'} is not one of the committee's`);
    if (to === held.electionId) return reject('redesignation_same_election', `the excess already counts towards ${to}`);
    if (!fits(command.target)) return reject('remedy_exceeds_limit', `${amount} does not fit under the donor's limit for ${to}`);
    return {
      ...envelope,
      type: 'ExcessRedesignated',
      version: CURRENT_VERSIONS.ExcessRedesignated,
      payload: { ...common, donorId: held.donorId, fromElectionId: held.electionId, toElectionId: to },
    };
  }
  const to = command.toDonorId;
  if (to === null || !DONOR_ID_PATTERN.test(to) || to === held.donorId) return reject('reattribution_donor_invalid', 'reattribution needs the donorId of another person, the joint account holder');
  if (!command.toDonorKnown) return reject('reattribution_donor_unknown', `the committee's party knows no donor ${to}: look the joint account holder up first`);
  if (!fits(command.target)) return reject('remedy_exceeds_limit', `${amount} does not fit under the joint holder's limit for ${held.electionId}`);
  return {
    ...envelope,
    type: 'ExcessReattributed',
    version: CURRENT_VERSIONS.ExcessReattributed,
    payload: { ...common, fromDonorId: held.donorId, toDonorId: to, electionId: held.electionId },
  };
}
