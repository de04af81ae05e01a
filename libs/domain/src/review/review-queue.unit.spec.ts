import type { DonationReceivedV4, ReviewEvent } from '#contracts';
import { reviewQueue } from './review-queue.js';
import { evolveReview, initialReviewState, type ReviewSubject } from './review.decider.js';

const received = (donationId: string): DonationReceivedV4 => ({
  donationId, campaignId: 'spring', committeeId: 'smith', amountMinor: '400000', currency: 'USD',
  donor: { donorId: `dn_${donationId}`, type: 'individual', sealedPii: null, attestations: {}, detailsGiven: null, registrationNumber: null },
  payment: { method: 'card', pspReference: null }, electionId: 'primary-2026', receivedAt: '2026-03-01T12:00:00.000Z',
  matchKeys: { paymentInstrument: null, address: null, email: null, device: null },
  publicAcknowledgement: null,
});
const withExcess = (donationId: string, dueOn: string): ReviewSubject => ({
  received: received(donationId), acceptedMinor: 350_000n, flagged: null, bestEfforts: null,
  held: { donationId, campaignId: 'spring', committeeId: 'smith', donorId: `dn_${donationId}`, electionId: 'primary-2026', receivedAmountMinor: '400000', acceptedAmountMinor: '350000', excessAmountMinor: '50000', currency: 'USD', remedies: ['refund'], dueOn, figures: {}, ruleIds: [], rulePackVersion: 'v' },
});
const open = initialReviewState();

describe('the review queue', () => {
  it('given remedies due on three days, then they are listed soonest first', () => {
    const queue = reviewQueue([{ subject: withExcess('b', '2026-05-01'), review: open }, { subject: withExcess('a', '2026-04-30'), review: open }, { subject: withExcess('c', '2026-04-29'), review: open }], '2026-04-01');
    expect(queue.map((e) => e.donationId)).toEqual(['c', 'a', 'b']);
  });
  it('given today is the last day, then it is not overdue; the day after, it is', () => {
    const items = [{ subject: withExcess('a', '2026-04-30'), review: open }];
    expect(reviewQueue(items, '2026-04-30')[0].overdue).toBe(false);
    expect(reviewQueue(items, '2026-05-01')[0].overdue).toBe(true);
  });
  it('given an excess remedied in full, then it leaves the queue', () => {
    const remedy = { type: 'ExcessRedesignated', payload: { amountMinor: '50000' } } as ReviewEvent;
    expect(reviewQueue([{ subject: withExcess('a', '2026-04-30'), review: evolveReview(open, remedy) }], '2026-04-01')).toEqual([]);
  });
});
