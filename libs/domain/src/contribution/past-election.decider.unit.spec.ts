import { validatePayload } from '#contracts';
import { rulePackInZone } from '#compliance-rules';
import { decideContribution, donorAggregateFold, initialDonorAggregate } from './donor-aggregate.decider.js';
import { decide, donationOf, GENERAL, PRIMARY } from './donor-aggregate.fixtures.spec.js';

// Issue 14, item 5 (11 CFR 110.1(b)(3)(i)): a gift for the primary received after primary day
// goes to the officer as an excess to redesignate or refund; nothing of it is counted.
const NY = 'America/New_York';
const primary = { date: '2026-06-02', netDebtsRemainingMinor: null };

describe('decideContribution for an election already held', () => {
  it('given $500.00 designated for the primary, received the day after it, when decided, then $0 is counted and the $500.00 held with its remedy deadline', () => {
    const receivedAt = '2026-06-03T16:00:00.000Z';
    const donation = donationOf('late', '50000', PRIMARY, { receivedAt });
    const command = { ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY)), election: primary };
    const decision = decideContribution(command, initialDonorAggregate());
    if (decision.outcome !== 'accept') throw new Error(`expected an acceptance holding the excess, got ${decision.outcome}`);
    expect(decision.accepted.payload).toMatchObject({ acceptedAmountMinor: '0', figures: { pastElectionDate: '2026-06-02', netDebtsOutstandingMinor: '0' } });
    expect(decision.held?.payload).toMatchObject({ excessAmountMinor: '50000', dueOn: '2026-08-02' });
    expect(decision.counted?.payload.amountMinor).toBe('0');
    for (const event of [decision.accepted, decision.held, decision.counted]) expect(event && validatePayload(event.type, event.version, event.payload)).toEqual([]);
  });

  it('given the same gift on primary day itself, then it is counted in full', () => {
    const receivedAt = '2026-06-02T23:00:00.000Z';
    const donation = donationOf('on-the-day', '50000', PRIMARY, { receivedAt });
    const command = { ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY)), election: primary };
    const decision = decideContribution(command, initialDonorAggregate());
    expect(decision.outcome === 'accept' && [decision.accepted.payload.acceptedAmountMinor, decision.held]).toEqual(['50000', null]);
  });
});

describe('decideContribution against the net debts recorded for an election already held', () => {
  // $500.00 for the primary, received on 10 June in New York; the officer recorded what the primary still owes.
  const receivedAt = '2026-06-10T16:00:00.000Z';
  const decideWith = (netDebtsRemainingMinor: bigint, state = initialDonorAggregate()) => {
    const donation = donationOf('after', '50000', PRIMARY, { receivedAt });
    return decideContribution({ ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY)), election: { ...primary, netDebtsRemainingMinor } }, state);
  };
  const accepted = (decision: ReturnType<typeof decideWith>) => {
    if (decision.outcome !== 'accept') throw new Error(`expected an acceptance, got ${decision.outcome}`);
    return decision;
  };

  it('given $499.99 outstanding, when $500.00 arrives, then $499.99 is kept, one cent held, and the net debts go down to $0', () => {
    const decision = accepted(decideWith(49_999n));
    expect([decision.accepted.payload.acceptedAmountMinor, decision.held?.payload.excessAmountMinor]).toEqual(['49999', '1']);
    expect(decision.netDebtsApplied).toMatchObject({ type: 'NetDebtsContributionApplied', payload: { electionId: PRIMARY, donationId: 'after', appliedMinor: '49999', netDebtsRemainingMinor: '0' } });
    expect(validatePayload('NetDebtsContributionApplied', 1, decision.netDebtsApplied?.payload)).toEqual([]);
  });

  it('given exactly $500.00 outstanding, then all of it is kept, nothing held, and nothing remains owed', () => {
    const decision = accepted(decideWith(50_000n));
    expect([decision.accepted.payload.acceptedAmountMinor, decision.held, decision.netDebtsApplied?.payload.netDebtsRemainingMinor]).toEqual(['50000', null, '0']);
  });

  it('given $500.01 outstanding, then all of it is kept and one cent remains owed for the next gift', () => {
    const decision = accepted(decideWith(50_001n));
    expect([decision.accepted.payload.acceptedAmountMinor, decision.held, decision.netDebtsApplied?.payload.netDebtsRemainingMinor]).toEqual(['50000', null, '1']);
  });

  it('given $0 outstanding, then nothing is kept, nothing is applied to the debts, and the $500.00 is held to redesignate or refund', () => {
    const decision = accepted(decideWith(0n));
    expect([decision.accepted.payload.acceptedAmountMinor, decision.netDebtsApplied, decision.held?.payload.remedies]).toEqual(['0', null, ['refund', 'redesignation', 'reattribution']]);
  });

  it('given $100.00 outstanding, when $500.00 arrives at 23:59 on primary day in New York (03:59Z), then it is kept whole and nothing is applied; at 00:01 the day after (04:01Z), $100.00 is kept and applied', () => {
    const at = (instant: string) => {
      const donation = donationOf(`at-${instant}`, '50000', PRIMARY, { receivedAt: instant });
      return accepted(decideContribution({ ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', instant, NY)), election: { ...primary, netDebtsRemainingMinor: 10_000n } }, initialDonorAggregate()));
    };
    const onTheDay = at('2026-06-03T03:59:00.000Z');
    expect([onTheDay.accepted.payload.acceptedAmountMinor, onTheDay.held, onTheDay.netDebtsApplied]).toEqual(['50000', null, null]);
    const dayAfter = at('2026-06-03T04:01:00.000Z');
    expect([dayAfter.accepted.payload.acceptedAmountMinor, dayAfter.held?.payload.excessAmountMinor, dayAfter.netDebtsApplied?.payload.appliedMinor]).toEqual(['10000', '40000', '10000']);
  });

  it('given the decision already counted, when decided again (a redelivery), then it names the same application to the net debts, whatever they are now', () => {
    const first = accepted(decideWith(30_000n));
    const counted = first.counted ? [first.counted] : [];
    const state = counted.reduce((s, e) => donorAggregateFold.evolve(s, e), initialDonorAggregate());
    const again = accepted(decideWith(0n, state));
    expect(again.counted).toBeNull();
    expect(again.netDebtsApplied).toEqual(first.netDebtsApplied);
    expect(again.held?.payload).toEqual(first.held?.payload);
  });
});

describe('decideContribution for an election the candidate will not run in (11 CFR 102.9(e)(3))', () => {
  const general = { date: '2026-11-03', netDebtsRemainingMinor: null, candidacyEndedOn: '2026-06-02' };
  const decideGeneral = (receivedAt: string, state = initialDonorAggregate()) => {
    const donation = donationOf(`g-${receivedAt}`, '50000', GENERAL, { receivedAt });
    return decideContribution({ ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', receivedAt, NY)), election: general }, state);
  };

  it('given the primary lost on 2 June, when $500.00 for the general arrives on 10 June, then nothing is counted and all of it is held for a refund due on 9 August', () => {
    const decision = decideGeneral('2026-06-10T16:00:00.000Z');
    if (decision.outcome !== 'accept') throw new Error(`expected the gift held, got ${decision.outcome}`);
    expect(decision.accepted.payload).toMatchObject({ acceptedAmountMinor: '0', figures: { candidacyEndedOn: '2026-06-02', candidacyEndedCitation: '11 CFR 102.9(e)(3)' } });
    expect(decision.held?.payload).toMatchObject({ excessAmountMinor: '50000', remedies: ['refund'], dueOn: '2026-08-09' });
    expect([decision.counted?.payload.amountMinor, decision.netDebtsApplied]).toEqual(['0', null]);
  });

  it('given a general gift received on 20 May, before the loss, when decided after it, then its refund is due 60 days after the primary (1 August)', () => {
    const decision = decideGeneral('2026-05-20T16:00:00.000Z');
    expect(decision.outcome === 'accept' && decision.held?.payload).toMatchObject({ remedies: ['refund'], dueOn: '2026-08-01' });
  });

  it('given the donor already at the limit, then the gift is still held whole for its refund, not refused', () => {
    const donation = donationOf('full', '350000', GENERAL, { receivedAt: '2026-06-10T16:00:00.000Z' });
    const first = decideContribution({ ...decide(donation, rulePackInZone('US-FEC-CANDIDATE', donation.receivedAt, NY)) }, initialDonorAggregate());
    const state = first.outcome === 'accept' && first.counted ? donorAggregateFold.evolve(initialDonorAggregate(), first.counted) : initialDonorAggregate();
    const decision = decideGeneral('2026-06-11T16:00:00.000Z', state);
    expect(decision.outcome === 'accept' && [decision.accepted.payload.acceptedAmountMinor, decision.held?.payload.excessAmountMinor]).toEqual(['0', '50000']);
  });
});
