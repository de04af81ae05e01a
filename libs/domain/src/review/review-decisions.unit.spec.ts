import type { EventMetadata, RecordedEvent, ReviewEvent } from '#contracts';
import { Rejection } from '../shared/rejection.js';
import { decideReview } from './review-decisions.js';
import { evolveReview, initialReviewState, reviewItemsOf, reviewSubjectOf, type DecideReview, type ReviewSubject } from './review.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-03-05T09:00:00.000Z', correlationId: 'c1', causationId: 'c1', committeeId: 'smith', actor: 'api-key:k1' };
const recorded = (type: string, payload: unknown): RecordedEvent =>
  ({ eventId: `ev-${type}`, type, version: 1, payload, metadata, streamId: 'donation-d1', revision: 0, position: 0, recordedAt: metadata.occurredAt, prevHash: '', hash: '' }) as RecordedEvent;

const received = {
  donationId: 'd1', campaignId: 'spring', committeeId: 'smith', amountMinor: '400000', currency: 'USD',
  donor: { donorId: 'dn_0123456789abcdef0123456789abcdef', type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null },
  payment: { method: 'card', pspReference: 'ch_1' }, electionId: 'primary-2026', receivedAt: '2026-03-01T12:00:00.000Z',
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
};
const held = {
  donationId: 'd1', campaignId: 'spring', committeeId: 'smith', donorId: received.donor.donorId, electionId: 'primary-2026', receivedAmountMinor: '400000',
  acceptedAmountMinor: '350000', excessAmountMinor: '50000', currency: 'USD', remedies: ['refund', 'redesignation', 'reattribution'], dueOn: '2026-04-30', figures: {}, ruleIds: [], rulePackVersion: 'v',
};
const flagged = { donationId: 'd1', campaignId: 'spring', reasons: [{ code: 'questionable_source', detail: 'no attestation' }], ruleIds: [], rulePackVersion: 'v', figures: {}, deadlines: [{ action: 'obtain_evidence_or_refund', dueOn: '2026-03-31' }, { action: 'deposit_or_return', dueOn: '2026-03-11' }] };

const excessSubject = reviewSubjectOf([recorded('DonationReceived', received), recorded('ExcessiveContributionHeld', held)]) as ReviewSubject;
const flaggedSubject = reviewSubjectOf([recorded('DonationReceived', received), recorded('DonationFlagged', flagged)]) as ReviewSubject;

const command = (changes: Partial<DecideReview>): DecideReview => ({
  type: 'DecideReview', eventId: 'ev-decision', metadata, item: 'excess', decision: 'redesignate', officer: 'api-key:k1', reason: 'donor wrote to us',
  amountMinor: null, toElectionId: 'general-2026', toDonorId: null, toDonorKnown: true, electionIds: ['primary-2026', 'general-2026'], target: { aggregateMinor: 0n, limitMinor: 350_000n }, ...changes,
});
const given = (...events: ReviewEvent[]) => events.reduce(evolveReview, initialReviewState());
const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof Rejection) return error.code;
    throw error;
  }
  return 'no rejection';
};

describe('officer review decisions', () => {
  describe('given an excess of $500.00 held for the primary', () => {
    it('when redesignated to the general, then the whole excess moves and none is left', () => {
      const event = decideReview(command({}), excessSubject, given());
      expect(event).toMatchObject({ type: 'ExcessRedesignated', payload: { fromElectionId: 'primary-2026', toElectionId: 'general-2026', amountMinor: '50000', remainingExcessMinor: '0', officer: 'api-key:k1', reason: 'donor wrote to us' } });
      expect(reviewItemsOf(excessSubject, given(event as ReviewEvent)).find((i) => i.kind === 'excess')?.open).toBe(false);
    });
    it('when redesignated a second time after the first took it all, then excess_already_remedied', () => {
      const first = decideReview(command({}), excessSubject, given()) as ReviewEvent;
      expect(codeOf(() => decideReview(command({}), excessSubject, given(first)))).toBe('excess_already_remedied');
    });
    it('when $200.00 is redesignated, then $300.00 stays held and may be reattributed, but not $300.01', () => {
      const part = decideReview(command({ amountMinor: 20_000n }), excessSubject, given()) as ReviewEvent;
      expect(part.payload).toMatchObject({ remainingExcessMinor: '30000' });
      const reattribute = command({ decision: 'reattribute', toDonorId: 'dn_ffffffffffffffffffffffffffffffff', toElectionId: null });
      expect(decideReview({ ...reattribute, amountMinor: 30_000n }, excessSubject, given(part))).toMatchObject({ type: 'ExcessReattributed', payload: { toDonorId: 'dn_ffffffffffffffffffffffffffffffff', electionId: 'primary-2026', remainingExcessMinor: '0' } });
      expect(codeOf(() => decideReview({ ...reattribute, amountMinor: 30_001n }, excessSubject, given(part)))).toBe('remedy_exceeds_excess');
    });
    it('when refunded (rejected), then the refund is the excess, not the donation', () => {
      expect(decideReview(command({ decision: 'reject' }), excessSubject, given())).toMatchObject({ type: 'ReviewItemRejected', payload: { item: 'excess', refundAmountMinor: '50000' } });
    });
    it('when redesignated to an election the committee does not have, then election_unknown', () => {
      expect(codeOf(() => decideReview(command({ toElectionId: 'runoff-2026' }), excessSubject, given()))).toBe('election_unknown');
    });
    it('when redesignated to its own election, then redesignation_same_election', () => {
      expect(codeOf(() => decideReview(command({ toElectionId: 'primary-2026' }), excessSubject, given()))).toBe('redesignation_same_election');
    });
    it('when the general has $3,000.00 counted (limit $3,500.00), then $500.00 fits and $500.01 of headroom would not', () => {
      expect(decideReview(command({ target: { aggregateMinor: 300_000n, limitMinor: 350_000n } }), excessSubject, given()).type).toBe('ExcessRedesignated');
      expect(codeOf(() => decideReview(command({ target: { aggregateMinor: 300_001n, limitMinor: 350_000n } }), excessSubject, given()))).toBe('remedy_exceeds_limit');
    });
    it('when reattributed to a donor id the committee\'s party has never seen (none, or another party\'s), then reattribution_donor_unknown', () => {
      const reattribute = command({ decision: 'reattribute', toDonorId: 'dn_ffffffffffffffffffffffffffffffff', toElectionId: null, toDonorKnown: false });
      expect(codeOf(() => decideReview(reattribute, excessSubject, given()))).toBe('reattribution_donor_unknown');
      expect(decideReview({ ...reattribute, toDonorKnown: true }, excessSubject, given())).toMatchObject({ type: 'ExcessReattributed' });
    });
    it('when reattributed to the same donor or to no donor id, then reattribution_donor_invalid', () => {
      expect(codeOf(() => decideReview(command({ decision: 'reattribute', toDonorId: received.donor.donorId }), excessSubject, given()))).toBe('reattribution_donor_invalid');
      expect(codeOf(() => decideReview(command({ decision: 'reattribute', toDonorId: 'Jane Doe' }), excessSubject, given()))).toBe('reattribution_donor_invalid');
    });
    it('when approved, then review_decision_not_allowed (an excess must be remedied)', () => {
      expect(codeOf(() => decideReview(command({ decision: 'approve' }), excessSubject, given()))).toBe('review_decision_not_allowed');
    });
    it('when an amount of zero is given, then amount_must_be_positive', () => {
      expect(codeOf(() => decideReview(command({ amountMinor: 0n }), excessSubject, given()))).toBe('amount_must_be_positive');
    });
  });

  describe('given a donation flagged as a questionable source', () => {
    const decide = (decision: DecideReview['decision']) => command({ item: 'questionable_source', decision });
    it('then its item is due on the earliest deadline', () => {
      expect(reviewItemsOf(flaggedSubject, given())).toMatchObject([{ kind: 'questionable_source', dueOn: '2026-03-11', open: true }]);
    });
    it('when approved, then the approval names the officer and reason', () => {
      expect(decideReview(decide('approve'), flaggedSubject, given())).toMatchObject({ type: 'ReviewItemApproved', payload: { item: 'questionable_source', officer: 'api-key:k1', reason: 'donor wrote to us' } });
    });
    it('when rejected, then the whole donation is to be refunded', () => {
      expect(decideReview(decide('reject'), flaggedSubject, given())).toMatchObject({ type: 'ReviewItemRejected', payload: { refundAmountMinor: '400000', currency: 'USD' } });
    });
    it('when information is requested, then the item stays open; once approved, a second decision is review_already_decided', () => {
      const asked = decideReview(decide('request_information'), flaggedSubject, given()) as ReviewEvent;
      expect(asked.type).toBe('ReviewInformationRequested');
      expect(reviewItemsOf(flaggedSubject, given(asked))[0].open).toBe(true);
      const approved = decideReview(decide('approve'), flaggedSubject, given(asked)) as ReviewEvent;
      expect(codeOf(() => decideReview(decide('reject'), flaggedSubject, given(asked, approved)))).toBe('review_already_decided');
    });
    it('when an excess decision is asked of it, then review_item_not_found', () => {
      expect(codeOf(() => decideReview(command({}), flaggedSubject, given()))).toBe('review_item_not_found');
    });
  });

  describe('given no donation', () => {
    it('then donation_not_found', () => {
      expect(codeOf(() => decideReview(command({}), null, given()))).toBe('donation_not_found');
    });
  });
});

describe('an excess a donor link created (issue 14, item 12)', () => {
  const linkHeld = { ...held, remedies: ['refund'], figures: { cause: 'donor_identities_linked' } };
  const linkSubject = reviewSubjectOf([recorded('DonationReceived', received), recorded('ExcessiveContributionHeld', linkHeld)]) as ReviewSubject;

  it.each([['redesignate'], ['reattribute']] as const)('given it was counted in full on receipt, when an officer decides to %s it, then remedy_not_allowed', (decision) => {
    expect(codeOf(() => decideReview(command({ decision, toDonorId: 'dn_ffffffffffffffffffffffffffffffff' }), linkSubject, given()))).toBe('remedy_not_allowed');
  });

  it('given it was counted in full on receipt, when an officer refunds it, then the refund is recorded for the excess', () => {
    expect(decideReview(command({ decision: 'reject' }), linkSubject, given())).toMatchObject({ type: 'ReviewItemRejected', payload: { item: 'excess', refundAmountMinor: '50000' } });
  });
});
