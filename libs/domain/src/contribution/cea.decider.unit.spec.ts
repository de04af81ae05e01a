import type { DonorAggregateEvent } from '#contracts';
import { rulePackInZone } from '#compliance-rules';
import { recordContributionBenefit } from './contribution-benefit.decider.js';
import { decideContribution, evolveDonorAggregate, initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';
import { decide, donationOf, donor } from './donor-aggregate.fixtures.spec.js';

/*
 * A Canadian registered party's decisions against a contributor's aggregate, given/when/then:
 * the same engine as the FEC's and PPERA's, the law looked up from the pack (contribution-laws.ts).
 */
const TORONTO = 'America/Toronto';
const party = (at: string) => rulePackInZone('CA-CEA-PARTY', at, TORONTO);
const citizen = donor({ attestations: { canadianCitizenOrPermanentResident: true } });
const gift = (donationId: string, amountMinor: string, receivedAt = '2025-06-01T12:00:00.000Z') =>
  donationOf(donationId, amountMinor, null, { currency: 'CAD', donor: citizen, receivedAt });

class Ledger {
  events: DonorAggregateEvent[] = [];
  get state(): DonorAggregateState {
    return this.events.reduce(evolveDonorAggregate, initialDonorAggregate());
  }
  give(donation: ReturnType<typeof gift>) {
    const decision = decideContribution(decide(donation, party(donation.receivedAt)), this.state);
    if (decision.outcome === 'accept' && decision.counted) this.events.push(decision.counted);
    return decision;
  }
  year(year: number): bigint {
    return this.state.byElection.get(`calendar-year-${year}`) ?? 0n;
  }
}

describe('Canada Elections Act: a contributor aggregate per calendar year of the party (Toronto time)', () => {
  it('given $1,000 in 2025, when $750.01 comes, then $750.00 is kept, the cent is held for return, and the year stands at $1,750', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '100000'));
    const decision = ledger.give(gift('d2', '75001'));
    expect(decision).toMatchObject({
      outcome: 'accept',
      accepted: { payload: { electionId: 'calendar-year-2025', acceptedAmountMinor: '75000', rulePackVersion: 'CA-CEA-PARTY/2025', itemized: true } },
      held: { payload: { excessAmountMinor: '1', remedies: ['refund'], dueOn: '2025-07-01' } },
    });
    expect(ledger.year(2025)).toBe(175_000n);
  });

  it('given the year at $1,750 on 31 December, 23:30 in Toronto, when $100 comes at 00:30 on 1 January there (05:30 UTC), then it counts for 2026 and is kept', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '175000', '2026-01-01T04:30:00.000Z'));
    expect(ledger.year(2025)).toBe(175_000n);
    expect(ledger.give(gift('d2', '10000', '2026-01-01T05:30:00.000Z'))).toMatchObject({ outcome: 'accept', accepted: { payload: { electionId: 'calendar-year-2026', rulePackVersion: 'CA-CEA-PARTY/2026' } } });
    // An hour earlier it is still 2025 in Toronto, and nothing fits.
    expect(ledger.give(gift('d3', '10000', '2026-01-01T04:45:00.000Z'))).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'cea_contributor_exceeds_annual_limit', figures: { calendarYear: '2025' } } } });
  });

  it('given a corporation, then the contribution is rejected and its return required within 30 days (s.363(2))', () => {
    const company = donationOf('d1', '10000', null, { currency: 'CAD', donor: donor({ type: 'company', attestations: {} }), receivedAt: '2025-06-01T12:00:00.000Z' });
    expect(decideContribution(decide(company, party(company.receivedAt)), initialDonorAggregate())).toMatchObject({
      outcome: 'reject',
      returnRequired: { payload: { code: 'cea_contributor_not_an_individual', action: 'return_to_donor', dueOn: '2025-07-01' } },
    });
  });

  it('given a reward granted for a kept contribution, then nothing is recorded: the Act does not net rewards here', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '100000'));
    const reward = { grantId: 'g1', committeeId: 'c-smith', donorId: 'dn_jane', donationId: 'd1', fairMarketValueMinor: '5000', currency: 'CAD' };
    const pack = party('2025-06-01T12:00:00.000Z');
    expect(recordContributionBenefit({ type: 'RecordContributionBenefit', change: 'granted', reward, pack, causationEventId: 'ev', correlationId: 'c', decidedAt: '2025-06-02T00:00:00.000Z' }, ledger.state)).toEqual([]);
  });
});
