import { wallListing, type WallDonation } from './donor-wall.js';

const donation = (changes: Partial<WallDonation> = {}): WallDonation => ({
  consent: { showAmount: true },
  decision: 'accepted',
  receivedMinor: 5000n,
  acceptedMinor: 5000n,
  refundedMinor: 0n,
  chargedBackMinor: 0n,
  ...changes,
});

describe('the donor wall', () => {
  describe('given an accepted donation whose donor consented', () => {
    it('when the amount may be shown, then the donor is listed with what the committee keeps', () => {
      expect(wallListing(donation())).toEqual({ listed: true, amountMinor: 5000n });
    });

    it('when the amount may not be shown, then the donor is listed without it', () => {
      expect(wallListing(donation({ consent: { showAmount: false } }))).toEqual({ listed: true, amountMinor: null });
    });

    it('when only the held excess of a partly accepted donation is refunded, then it stays listed', () => {
      expect(wallListing(donation({ receivedMinor: 8000n, acceptedMinor: 5000n, refundedMinor: 3000n }))).toEqual({ listed: true, amountMinor: 5000n });
    });

    it.each<[string, Partial<WallDonation>]>([
      ['refunded in full', { refundedMinor: 5000n }],
      ['refunded in part', { refundedMinor: 1n }],
      ['charged back', { chargedBackMinor: 5000n }],
      ['charged back for its excess only', { receivedMinor: 8000n, chargedBackMinor: 100n }],
    ])('when it is %s, then it is removed', (_case, changes) => {
      expect(wallListing(donation(changes))).toEqual({ listed: false });
    });
  });

  describe('given a donation the wall must not show', () => {
    it.each<[string, Partial<WallDonation>]>([
      ['no consent', { consent: null }],
      ['no decision yet', { decision: null, acceptedMinor: 0n }],
      ['a flag', { decision: 'flagged', acceptedMinor: 0n }],
      ['a rejection', { decision: 'rejected' }],
    ])('when it has %s, then nobody is named', (_case, changes) => {
      expect(wallListing(donation(changes))).toEqual({ listed: false });
    });
  });
});
