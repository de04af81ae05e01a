import { validatePayload } from '#contracts';
import { rulePackInZone } from '#compliance-rules';
import { decideContribution, initialDonorAggregate } from './donor-aggregate.decider.js';
import { decide, donationOf, PRIMARY } from './donor-aggregate.fixtures.spec.js';

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
