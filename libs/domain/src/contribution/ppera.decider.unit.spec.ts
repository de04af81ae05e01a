import { deterministicId, type DonorAggregateEvent } from '#contracts';
import { rulePackFor, type RulePack } from '#compliance-rules';
import { recordContributionBenefit, type RewardBenefitFacts } from './contribution-benefit.decider.js';
import { reverseContribution } from './contribution-reversal.decider.js';
import { decideContribution, decisionEvents, evolveDonorAggregate, initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';
import { decide, donationOf, donor } from './donor-aggregate.fixtures.spec.js';

/*
 * PPERA decisions against a donor's aggregate, given/when/then. The "given" history is built
 * from the decider's own facts (what compliance appends), so each scenario reads as the
 * ledger of a UK party would.
 */
const party = (at: string): RulePack => rulePackFor('UK-PPERA-PARTY', at);
const voter = donor({ attestations: { onUkElectoralRegister: true } });
const gift = (donationId: string, amountMinor: string, receivedAt = '2026-03-01T12:00:00.000Z', changes = {}) =>
  donationOf(donationId, amountMinor, null, { currency: 'GBP', donor: voter, receivedAt, ...changes });

class Ledger {
  events: DonorAggregateEvent[] = [];
  get state(): DonorAggregateState {
    return this.events.reduce(evolveDonorAggregate, initialDonorAggregate());
  }
  /**
   * Decides a donation under the pack of its day and appends what compliance would count. It is
   * decided (accepted) two seconds after it arrives unless `acceptedAt` says otherwise.
   */
  give(donation: ReturnType<typeof gift>, acceptedAt = new Date(Date.parse(donation.receivedAt) + 2_000).toISOString(), verified = false) {
    const decision = decideContribution({ ...decide(donation, party(donation.receivedAt)), decidedAt: acceptedAt, ...(verified ? { permissibilityVerified: true } : {}) }, this.state);
    if (decision.outcome === 'accept' && decision.counted) this.events.push(decision.counted);
    return decision;
  }
  refund(donationId: string, receivedMinor: bigint, refundedMinor: bigint) {
    const command = { type: 'ReverseContribution' as const, donationId, committeeId: 'c-smith', donorId: 'dn_jane', currency: 'GBP', receivedMinor, refundedMinor, chargedBackMinor: 0n, causationEventId: `ev-refund-${donationId}`, reason: 'refund' as const, correlationId: 'c', decidedAt: '2026-03-02T00:00:00.000Z' };
    this.events.push(...reverseContribution(command, this.state));
  }
  reward(change: 'granted' | 'revoked', donationId: string, fairMarketValueMinor: string, pack: RulePack = party('2026-03-01T12:00:00Z')) {
    const reward: RewardBenefitFacts = { grantId: `grant-${donationId}`, committeeId: 'c-smith', donorId: 'dn_jane', donationId, fairMarketValueMinor, currency: 'GBP' };
    const events = recordContributionBenefit({ type: 'RecordContributionBenefit', change, reward, pack, causationEventId: `ev-${change}-${donationId}`, correlationId: 'c', decidedAt: '2026-03-03T00:00:00.000Z' }, this.state);
    this.events.push(...events);
    return events;
  }
  year(year: number): bigint {
    return this.state.byElection.get(`calendar-year-${year}`) ?? 0n;
  }
}

const mark = (decision: ReturnType<Ledger['give']>) => (decision.outcome === 'accept' ? decision.accepted.payload.figures.reportingMark ?? null : decision.outcome);

describe('PPERA: a donor aggregate per calendar year (UK time)', () => {
  it('given £6,000 and £5,180 in 2026, when £0.01 more comes, then that one takes the source over £11,180 and is marked', () => {
    const ledger = new Ledger();
    expect(mark(ledger.give(gift('d1', '600000')))).toBeNull();
    expect(mark(ledger.give(gift('d2', '518000')))).toBeNull();
    expect(ledger.year(2026)).toBe(1_118_000n);
    const crossing = ledger.give(gift('d3', '50001'));
    expect(crossing).toMatchObject({
      outcome: 'accept',
      accepted: { payload: { electionId: 'calendar-year-2026', itemized: true, rulePackVersion: 'UK-PPERA-PARTY/2024', ruleIds: ['ppera-permissible-donor', 'ppera-central-party-reporting'] } },
    });
    expect(mark(crossing)).toBe('central_party_threshold');
    expect(mark(ledger.give(gift('d4', '223000')))).toBeNull();
    expect(mark(ledger.give(gift('d5', '223001')))).toBe('central_party_subsequent');
  });

  it('given £11,200 reported, then £1,000 and £1,000, when £600 comes, then the three since the report pass £2,230 and the £600 is marked (s.62(6)(b): each earlier value, not the total)', () => {
    const ledger = new Ledger();
    expect(mark(ledger.give(gift('r1', '1120000')))).toBe('central_party_threshold');
    expect(mark(ledger.give(gift('r2', '100000')))).toBeNull();
    expect(mark(ledger.give(gift('r3', '100000')))).toBeNull();
    expect(mark(ledger.give(gift('r4', '60000')))).toBe('central_party_subsequent');
  });

  it('given £11,000 on 31 December at 23:30 UTC, when £1,000 comes on 1 January, then it starts a new year and is not reportable', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '1100000', '2025-12-31T23:30:00.000Z'));
    expect(ledger.year(2025)).toBe(1_100_000n);
    expect(mark(ledger.give(gift('d2', '100000', '2026-01-01T00:00:00.000Z')))).toBeNull();
    expect(ledger.year(2026)).toBe(100_000n);
    // The same gift a minute before midnight, UK time, would have taken 2025 over £11,180.
    expect(mark(ledger.give(gift('d3', '100000', '2025-12-31T23:59:00.000Z')))).toBe('central_party_threshold');
  });

  describe('the year a donation counts in is the year it is accepted (PPERA s.62(3))', () => {
    const lastMinute = '2026-12-31T23:59:00.000Z'; // 23:59 on 31 December, Europe/London (GMT)
    it('given £11,000 in 2026, when £1,000 received at 23:59 on 31 December is accepted at 00:00:30 on 1 January, then it counts in 2027 and is not reportable', () => {
      const ledger = new Ledger();
      ledger.give(gift('d1', '1100000', '2026-06-01T12:00:00.000Z'));
      const late = ledger.give(gift('d2', '100000', lastMinute), '2027-01-01T00:00:30.000Z');
      expect(late).toMatchObject({ outcome: 'accept', accepted: { payload: { electionId: 'calendar-year-2027', figures: { calendarYear: '2027', aggregateAfterMinor: '100000' } } } });
      expect(mark(late)).toBeNull();
      expect([ledger.year(2026), ledger.year(2027)]).toEqual([1_100_000n, 100_000n]);
    });

    it('given £11,000 in 2026, when the same gift is accepted at 23:59:30 on 31 December, then it counts in 2026 and takes the source over £11,180', () => {
      const ledger = new Ledger();
      ledger.give(gift('d1', '1100000', '2026-06-01T12:00:00.000Z'));
      const inTime = ledger.give(gift('d2', '100000', lastMinute), '2026-12-31T23:59:30.000Z');
      expect(inTime).toMatchObject({ accepted: { payload: { electionId: 'calendar-year-2026', figures: { calendarYear: '2026' } } } });
      expect(mark(inTime)).toBe('central_party_threshold');
    });

    it('given a gift received on 20 December whose donor an officer verifies on 4 January, then it counts in the year of the approval', () => {
      const ledger = new Ledger();
      ledger.give(gift('d1', '1100000', '2026-06-01T12:00:00.000Z'));
      const unverified = gift('d2', '100000', '2026-12-20T10:00:00.000Z', { donor: donor({ attestations: {} }) });
      expect(ledger.give(unverified).outcome).toBe('flag');
      const approved = ledger.give(unverified, '2027-01-04T09:00:00.000Z', true);
      expect(approved).toMatchObject({ outcome: 'accept', accepted: { payload: { electionId: 'calendar-year-2027' } } });
      expect([ledger.year(2026), ledger.year(2027)]).toEqual([1_100_000n, 100_000n]);
    });

    it('given a gift counted in 2027, when its decision is repeated later, then it keeps the year it was counted in', () => {
      const ledger = new Ledger();
      ledger.give(gift('d2', '100000', lastMinute), '2027-01-01T00:00:30.000Z');
      const repeated = decideContribution({ ...decide(gift('d2', '100000', lastMinute), party(lastMinute)), decidedAt: '2027-03-01T00:00:00.000Z' }, ledger.state);
      expect(repeated).toMatchObject({ outcome: 'accept', counted: null, accepted: { payload: { electionId: 'calendar-year-2027' } } });
    });
  });

  it('given £10,000 refunded by £2,000, when £2,000 more comes, then the source stands at £10,000 and is not reported; without the refund it would be', () => {
    const refunded = new Ledger();
    refunded.give(gift('d1', '1000000'));
    refunded.refund('d1', 1_000_000n, 200_000n);
    expect(refunded.year(2026)).toBe(800_000n);
    expect(mark(refunded.give(gift('d2', '200000')))).toBeNull();
    const kept = new Ledger();
    kept.give(gift('d1', '1000000'));
    expect(mark(kept.give(gift('d2', '200000')))).toBe('central_party_threshold');
  });

  it('given donations of £500 or less, then they count for nothing towards the year, and none of them is reportable', () => {
    const ledger = new Ledger();
    for (const id of ['s1', 's2', 's3']) expect(ledger.give(gift(id, '50000'))).toMatchObject({ outcome: 'accept', counted: { payload: { amountMinor: '50000' } } });
    expect(ledger.year(2026)).toBe(0n);
    expect(mark(ledger.give(gift('d1', '1118000')))).toBeNull();
  });

  it('given a refund that leaves £500 or less of a donation, then it no longer counts at all', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '60000'));
    ledger.refund('d1', 60_000n, 10_000n);
    expect(ledger.year(2026)).toBe(0n);
  });
});

describe('PPERA: donations the party may not keep', () => {
  it('when an anonymous £500.01 comes, then it is rejected and to be returned (or paid to the Electoral Commission) within 30 days, nothing counted', () => {
    const ledger = new Ledger();
    const decision = ledger.give(gift('a1', '50001', '2026-03-01T12:00:00.000Z', { donor: donor({ donorId: 'anonymous-x', sealedPii: null, attestations: {} }) }));
    expect(decision.outcome).toBe('reject');
    expect(decisionEvents(decision).map((e) => [e.type, e.eventId])).toEqual([
      ['DonationRejected', deterministicId('donation-decided', 'ev-received-a1')],
      ['DonationReturnRequired', deterministicId('donation-return-required', 'ev-received-a1')],
    ]);
    expect(decisionEvents(decision)[1].payload).toMatchObject({
      amountMinor: '50001',
      code: 'ppera_unidentifiable_donor',
      action: 'return_to_transferor_or_pay_electoral_commission',
      dueOn: '2026-03-30',
      rulePackVersion: 'UK-PPERA-PARTY/2024',
      ruleIds: ['ppera-permissible-donor'],
      figures: { amountMinor: '50001', permissibilityThresholdMinor: '50000', calendarYear: '2026', electionId: 'calendar-year-2026' },
    });
    expect(ledger.events).toEqual([]);
  });

  it('when a company not doing business in the UK gives £5,000, then it goes back to the donor; a UK company is accepted', () => {
    const ledger = new Ledger();
    const abroad = donor({ type: 'company', attestations: { carriesOnBusinessInUk: false }, registrationNumber: '01234567' });
    expect(decisionEvents(ledger.give(gift('c1', '500000', undefined, { donor: abroad }))).map((e) => e.type)).toEqual(['DonationRejected', 'DonationReturnRequired']);
    const uk = donor({ type: 'company', attestations: { carriesOnBusinessInUk: true }, registrationNumber: '01234567' });
    expect(ledger.give(gift('c2', '500000', undefined, { donor: uk })).outcome).toBe('accept');
  });
});

describe('PPERA: the value of a donation net of rewards', () => {
  it('given £600 counted, when a £150 reward is granted, then it is worth £450, under £500, and counts for nothing; revoked, it counts again', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '60000'));
    expect(ledger.year(2026)).toBe(60_000n);
    expect(ledger.reward('granted', 'd1', '15000')).toMatchObject([
      { eventId: deterministicId('contribution-benefit-recorded', 'grant-d1', 'granted'), type: 'ContributionBenefitRecorded', payload: { countedBeforeMinor: '60000', countedAfterMinor: '0', electionId: 'calendar-year-2026' } },
    ]);
    expect(ledger.year(2026)).toBe(0n);
    expect(ledger.reward('granted', 'd1', '15000')).toEqual([]);
    expect(ledger.reward('revoked', 'd1', '15000')).toMatchObject([{ payload: { change: 'revoked', countedBeforeMinor: '0', countedAfterMinor: '60000' } }]);
    expect(ledger.year(2026)).toBe(60_000n);
    expect(ledger.reward('revoked', 'd1', '15000')).toEqual([]);
  });

  it('given £10,600 counted and a £100 reward for it, when £600 comes, then the source stands at £11,100, not past £11,180; without the reward it would be', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '1060000'));
    ledger.reward('granted', 'd1', '10000');
    expect(ledger.year(2026)).toBe(1_050_000n);
    expect(mark(ledger.give(gift('d2', '60000')))).toBeNull();
    expect(ledger.year(2026)).toBe(1_110_000n);
    const without = new Ledger();
    without.give(gift('d1', '1060000'));
    expect(mark(without.give(gift('d2', '60000')))).toBe('central_party_threshold');
  });

  it('given a revocation seen before its grant, then the grant changes nothing when it comes', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '100000'));
    ledger.reward('revoked', 'd1', '20000');
    expect(ledger.reward('granted', 'd1', '20000')).toEqual([]);
    expect(ledger.year(2026)).toBe(100_000n);
  });

  it('under the FEC, a reward changes nothing: the whole amount counts', () => {
    const ledger = new Ledger();
    ledger.give(gift('d1', '100000'));
    expect(ledger.reward('granted', 'd1', '20000', rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00Z'))).toEqual([]);
  });
});

describe("PPERA s.56(1): the officer's verification completes a case whose permissibility was not established", () => {
  const unattested = donor({ attestations: {} });
  const flaggedGift = gift('v1', '1200000', '2026-03-01T12:00:00.000Z', { donor: unattested });

  it('given no verification, when £12,000 comes from a donor not shown to be on a register, then it is flagged with 30 days beginning with the day of receipt', () => {
    const decision = new Ledger().give(flaggedGift);
    expect(decision).toMatchObject({ outcome: 'flag', flagged: { payload: { reasons: [{ code: 'ppera_permissibility_not_established' }], deadlines: [{ action: 'establish_permissibility_or_return', dueOn: '2026-03-30' }] } } });
  });

  it('given an officer verified the donor, when it is decided again, then it is accepted and counted once, reportable over £11,180', () => {
    const ledger = new Ledger();
    const verified = { ...decide(flaggedGift, party(flaggedGift.receivedAt)), causationEventId: 'ev-approved-v1', permissibilityVerified: true };
    const decision = decideContribution(verified, ledger.state);
    expect(decision).toMatchObject({ outcome: 'accept', accepted: { payload: { acceptedAmountMinor: '1200000', itemized: true, figures: { permissibility: 'verified by an officer (PPERA s.56(1))', reportingThresholdMinor: '1118000' } } } });
    if (decision.outcome !== 'accept' || !decision.counted) throw new Error('expected a count');
    ledger.events.push(decision.counted);
    // Decided again (a redelivered approval): the same acceptance, nothing counted twice.
    const again = decideContribution(verified, ledger.state);
    expect(again).toMatchObject({ outcome: 'accept', counted: null });
    expect(ledger.year(2026)).toBe(1_200_000n);
  });

  it('a verification never makes an impermissible donor permissible: an explicit "not on a register" is still returned', () => {
    const refused = gift('v2', '1200000', '2026-03-01T12:00:00.000Z', { donor: donor({ attestations: { onUkElectoralRegister: false } }) });
    expect(decideContribution({ ...decide(refused, party(refused.receivedAt)), permissibilityVerified: true }, initialDonorAggregate()).outcome).toBe('reject');
  });
});
