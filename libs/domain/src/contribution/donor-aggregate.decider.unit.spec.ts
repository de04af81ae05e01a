import {
  accepted,
  acceptance,
  counted,
  decide,
  donationOf,
  donor,
  GENERAL,
  limitRejection,
  PRIMARY,
  reversed,
  spec,
} from './donor-aggregate.fixtures.spec.js';

describe('donor aggregate: FEC 2025-26 individual limit, $3,500.00 per election', () => {
  describe('given no contributions', () => {
    const given = spec.given([]);

    it('accepts and counts exactly $3,500.00, itemized', () => {
      given.when(decide(donationOf('d1', '350000'))).then(acceptance('d1', { amount: '350000', before: '0' }));
    });

    it('accepts $3,499.99 whole', () => {
      given.when(decide(donationOf('d1', '349999'))).then(acceptance('d1', { amount: '349999', before: '0' }));
    });

    it('splits $3,500.01: $3,500.00 accepted and counted, one cent held for a remedy due in 60 days', () => {
      given.when(decide(donationOf('d1', '350001'))).then(acceptance('d1', { amount: '350001', before: '0', accepted: '350000' }));
    });

    it('gives the same events, with the same ids, for a redelivered donation', () => {
      const first = given.when(decide(donationOf('d1', '2500'))).decision();
      const again = given.when(decide(donationOf('d1', '2500'))).then(first);
      expect(again).toStrictEqual(first);
    });

    it('derives the ids from the DonationReceived event alone, stable across releases', () => {
      const decision = given.when(decide(donationOf('d1', '2500'))).decision();
      expect(decision.outcome === 'accept' && [decision.counted?.eventId, decision.accepted.eventId]).toEqual([
        '393ccb6d-843e-8fec-8e29-2f2b1c5e352e',
        '39a32635-4641-835e-94d5-d14462876c15',
      ]);
    });
  });

  describe('given $3,499.99 counted for the primary', () => {
    const given = spec.given([counted('d1', { amount: '349999', before: '0' })]);

    it('accepts one more cent, reaching the limit exactly', () => {
      given.when(decide(donationOf('d2', '1'))).then(acceptance('d2', { amount: '1', before: '349999' }));
    });

    it('splits two cents: one accepted, one held', () => {
      given.when(decide(donationOf('d2', '2'))).then(acceptance('d2', { amount: '2', before: '349999', accepted: '1' }));
    });
  });

  describe('given $3,500.00 counted for the primary', () => {
    const given = spec.given([counted('d1', { amount: '150000', before: '0' }), counted('d2', { amount: '200000', before: '150000' })]);

    it('sums the donor per election, cash apart', () => {
      expect(given.state.byElection).toStrictEqual(new Map([[PRIMARY, 350_000n]]));
      expect(given.state.cashByElection).toStrictEqual(new Map());
      expect(given.state.counted.get('d2')).toMatchObject({ electionId: PRIMARY, amountMinor: 200_000n, aggregateAfterMinor: 350_000n, reversedMinor: 0n });
    });

    it('rejects one cent more for the primary: nothing fits, nothing to keep', () => {
      given.when(decide(donationOf('d3', '1'))).then(limitRejection('d3', '1', '350000'));
    });

    it('gives the same rejection, with the same id, when the donation is redelivered', () => {
      const first = given.when(decide(donationOf('d3', '1'))).decision();
      given.when(decide(donationOf('d3', '1'))).then(first);
    });

    it('accepts $3,500.00 for the general, a separate election, with the cycle aggregate at $7,000.00', () => {
      given.when(decide(donationOf('d3', '350000', GENERAL))).then(acceptance('d3', { election: GENERAL, amount: '350000', before: '0', cycleAfter: '700000' }));
    });

    it('splits $3,600.00 for the general at its own limit', () => {
      given
        .when(decide(donationOf('d3', '360000', GENERAL)))
        .then(acceptance('d3', { election: GENERAL, amount: '360000', before: '0', accepted: '350000', cycleAfter: '700000' }));
    });
  });

  describe('given a refund between two donations', () => {
    const afterRefund = spec.given([
      counted('d1', { amount: '150000', before: '0' }),
      counted('d2', { amount: '200000', before: '150000' }),
      reversed('d2', PRIMARY, '200000'),
    ]);

    it('gives the headroom back: $2,000.00 fits again, $2,000.01 is split', () => {
      expect(afterRefund.state.byElection.get(PRIMARY)).toBe(150_000n);
      afterRefund.when(decide(donationOf('d3', '200000'))).then(acceptance('d3', { amount: '200000', before: '150000' }));
      afterRefund.when(decide(donationOf('d3', '200001'))).then(acceptance('d3', { amount: '200001', before: '150000', accepted: '200000' }));
    });

    it('keeps the refunded donation listed, so deciding it again counts nothing', () => {
      expect(afterRefund.state.counted.get('d2')).toMatchObject({ amountMinor: 200_000n, reversedMinor: 200_000n });
      const again = afterRefund.when(decide(donationOf('d2', '200000'))).decision();
      expect(again).toMatchObject({ outcome: 'accept', counted: null, accepted: accepted('d2', { amount: '200000', before: '150000' }) });
    });
  });
});

describe('donor aggregate: a decision repeated after a crash between its two appends', () => {
  it('counts nothing again and repeats the split, its held excess and its figures, whatever the donor gave since', () => {
    const original = spec.given([counted('d0', { amount: '100000', before: '0' })]).when(decide(donationOf('d1', '300000'))).decision();
    expect(original).toStrictEqual(acceptance('d1', { amount: '300000', before: '100000', accepted: '250000' }));
    const firstCount = original.outcome === 'accept' && original.counted;
    if (!firstCount) throw new Error('expected a count');

    const later = spec.given([counted('d0', { amount: '100000', before: '0' }), firstCount, reversed('d0', PRIMARY, '100000')]);
    later.when(decide(donationOf('d1', '300000'))).then({ ...original, counted: null });
  });

  it('repeats the best-efforts request of an itemized donation whose donor left details out', () => {
    const withoutEmployer = donationOf('d1', '30000', PRIMARY, { donor: donor({ detailsGiven: { mailingAddress: true, occupation: true, employer: false } }) });
    const original = spec.given([]).when(decide(withoutEmployer)).decision();
    expect(original).toMatchObject({ outcome: 'accept', bestEfforts: { payload: { missingDetails: ['employer'], dueOn: '2026-03-31' } } });
    const firstCount = original.outcome === 'accept' && original.counted;
    if (!firstCount) throw new Error('expected a count');
    spec.given([firstCount]).when(decide(withoutEmployer)).then({ ...original, counted: null });
  });
});
