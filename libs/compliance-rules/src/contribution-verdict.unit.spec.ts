import { judgeContribution, type ContributionFacts, type DonorStanding } from './contribution-verdict.js';
import { rulePackFor } from './rule-packs.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-03-01T12:00:00.000Z');
const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
const ALL_FEC_RULES = ['prohibited-source', 'questionable-source', 'individual-limit-per-election', 'itemization-threshold'];

const facts = (changes: Partial<ContributionFacts> = {}): ContributionFacts => ({
  amountMinor: 10_000n,
  method: 'card',
  donorId: 'donor-hash-jane',
  donorType: 'individual',
  attestations: { usCitizenOrPermanentResident: true },
  detailsGiven: { mailingAddress: true, occupation: true, employer: true },
  registrationNumber: null,
  receivedAt: '2026-03-01T12:00:00.000Z',
  ...changes,
});
const nothingGiven: DonorStanding = { electionAggregateMinor: 0n, electionCashMinor: 0n, cycleAggregateMinor: 0n };

describe('judgeContribution under the FEC 2025-26 pack', () => {
  describe('given a donor who has given nothing', () => {
    it('when a citizen gives $100.00 by card, then all of it is kept, not itemized, under every rule but cash and anonymous', () => {
      expect(judgeContribution(fec2026, facts(), nothingGiven)).toEqual({
        outcome: 'accept',
        acceptedMinor: 10_000n,
        excessMinor: 0n,
        aggregateAfterMinor: 10_000n,
        itemized: false,
        excessRemedy: null,
        bestEffortsRequest: null,
        ruleIds: ALL_FEC_RULES,
        figures: {
          amountMinor: '10000',
          aggregateBeforeMinor: '0',
          limitMinor: '350000',
          headroomMinor: '350000',
          acceptedMinor: '10000',
          excessMinor: '0',
          aggregateAfterMinor: '10000',
          cycleAggregateAfterMinor: '10000',
          itemizationThresholdMinor: '20000',
        },
      });
    });

    it('when $5,000.00 is given, then $3,500.00 is kept and $1,500.00 held for a refund, redesignation or reattribution within 60 days', () => {
      const verdict = judgeContribution(fec2026, facts({ amountMinor: 500_000n }), nothingGiven);
      expect(verdict).toMatchObject({
        outcome: 'accept',
        acceptedMinor: 350_000n,
        excessMinor: 150_000n,
        aggregateAfterMinor: 350_000n,
        itemized: true,
        excessRemedy: { dueOn: '2026-04-30', remedies: ['refund', 'redesignation', 'reattribution'] },
        figures: { amountMinor: '500000', acceptedMinor: '350000', excessMinor: '150000', cycleAggregateAfterMinor: '350000' },
      });
    });

    it('when a corporation gives in cash over $100, then the prohibition is what refuses it (checked first)', () => {
      expect(judgeContribution(fec2026, facts({ donorType: 'company', method: 'cash', amountMinor: 20_000n }), nothingGiven)).toEqual({
        outcome: 'reject',
        code: 'prohibited_source_corporation',
        detail: 'corporations may not contribute to a candidate committee',
        ruleIds: ['prohibited-source'],
        figures: { amountMinor: '20000' },
      });
    });

    it('when a donor without the citizenship attestation gives $100.01 in cash, then the cash limit refuses it before any flag', () => {
      const verdict = judgeContribution(fec2026, facts({ method: 'cash', amountMinor: 10_001n, attestations: {} }), nothingGiven);
      expect(verdict).toMatchObject({ outcome: 'reject', code: 'cash_over_limit', ruleIds: ['prohibited-source', 'cash-limit'] });
    });

    it('when a donor without the citizenship attestation gives, then it is flagged on the FEC clock and no limit is applied yet', () => {
      expect(judgeContribution(fec2026, facts({ attestations: {}, amountMinor: 900_000n }), nothingGiven)).toEqual({
        outcome: 'flag',
        code: 'source_citizenship_not_attested',
        detail: 'the donor has not attested being a US citizen or permanent resident',
        ruleIds: ['prohibited-source', 'questionable-source'],
        figures: { amountMinor: '900000' },
        deadlines: [
          { action: 'deposit_or_return', dueOn: '2026-03-11' },
          { action: 'obtain_evidence_or_refund', dueOn: '2026-03-31' },
        ],
      });
    });
  });

  describe('given an anonymous donor (one donation each)', () => {
    const anonymous = (amountMinor: bigint) => facts({ donorId: 'anonymous-8d4e', amountMinor, attestations: {}, detailsGiven: null });

    it('when exactly $50.00 is given, then it is kept, neither questioned nor itemized', () => {
      expect(judgeContribution(fec2026, anonymous(5_000n), nothingGiven)).toMatchObject({
        outcome: 'accept',
        acceptedMinor: 5_000n,
        itemized: false,
        bestEffortsRequest: null,
        ruleIds: ['prohibited-source', 'anonymous-limit', 'individual-limit-per-election', 'itemization-threshold'],
        figures: { anonymousLimitMinor: '5000' },
      });
    });

    it('when $50.01 is given, then all of it is refused', () => {
      expect(judgeContribution(fec2026, anonymous(5_001n), nothingGiven)).toEqual({
        outcome: 'reject',
        code: 'anonymous_over_limit',
        detail: 'an anonymous donation is kept up to 5000 minor units; 5001 is over it',
        ruleIds: ['prohibited-source', 'anonymous-limit'],
        figures: { amountMinor: '5001', anonymousLimitMinor: '5000' },
      });
    });
  });

  describe('given $40.00 already given in cash for this election', () => {
    const standing: DonorStanding = { electionAggregateMinor: 4_000n, electionCashMinor: 4_000n, cycleAggregateMinor: 4_000n };

    it('when $60.00 more comes in cash, then it is kept: exactly $100.00 in cash', () => {
      expect(judgeContribution(fec2026, facts({ method: 'cash', amountMinor: 6_000n }), standing)).toMatchObject({
        outcome: 'accept',
        ruleIds: ['prohibited-source', 'cash-limit', 'questionable-source', 'individual-limit-per-election', 'itemization-threshold'],
        figures: { cashAggregateBeforeMinor: '4000', cashLimitMinor: '10000' },
      });
    });

    it('when $60.01 more comes in cash, then it is refused with the figures compared', () => {
      expect(judgeContribution(fec2026, facts({ method: 'cash', amountMinor: 6_001n }), standing)).toEqual({
        outcome: 'reject',
        code: 'cash_over_limit',
        detail: 'donor has given 4000 of 10000 minor units in cash for this election; 6001 more in cash would exceed it',
        ruleIds: ['prohibited-source', 'cash-limit'],
        figures: { amountMinor: '6001', cashAggregateBeforeMinor: '4000', cashLimitMinor: '10000' },
      });
    });

    it('when $5,000.00 comes by cheque, then cash is not in question and the limit splits it', () => {
      expect(judgeContribution(fec2026, facts({ method: 'check', amountMinor: 500_000n }), standing)).toMatchObject({ outcome: 'accept', acceptedMinor: 346_000n, excessMinor: 154_000n });
    });
  });

  describe('given the donor at the limit for this election', () => {
    const atLimit: DonorStanding = { electionAggregateMinor: 350_000n, electionCashMinor: 0n, cycleAggregateMinor: 350_000n };

    it('when one cent more is given, then nothing fits and it is refused whole', () => {
      expect(judgeContribution(fec2026, facts({ amountMinor: 1n }), atLimit)).toEqual({
        outcome: 'reject',
        code: 'donor_exceeds_election_limit',
        detail: 'donor has given 350000 of 350000 minor units for this election; 1 would exceed it',
        ruleIds: ['prohibited-source', 'questionable-source', 'individual-limit-per-election'],
        figures: { amountMinor: '1', aggregateBeforeMinor: '350000', limitMinor: '350000', headroomMinor: '0' },
      });
    });
  });

  describe('given $199.99 given in the cycle (towards another election)', () => {
    const standing: DonorStanding = { electionAggregateMinor: 0n, electionCashMinor: 0n, cycleAggregateMinor: 19_999n };

    it('when one cent is given, then the cycle reaches exactly $200.00: not itemized', () => {
      expect(judgeContribution(fec2026, facts({ amountMinor: 1n, detailsGiven: null }), standing)).toMatchObject({ itemized: false, bestEffortsRequest: null });
    });

    it('when two cents are given by a donor who gave no occupation, then it is itemized and a request is due in 30 days', () => {
      const detailsGiven = { mailingAddress: true, occupation: false, employer: true };
      expect(judgeContribution(fec2026, facts({ amountMinor: 2n, detailsGiven }), standing)).toMatchObject({
        itemized: true,
        bestEffortsRequest: { missingDetails: ['occupation'], dueOn: '2026-03-31' },
        figures: { cycleAggregateAfterMinor: '20001' },
      });
    });
  });
});

describe('judgeContribution in other effective periods and jurisdictions', () => {
  it('splits $3,400.00 under the 2023-24 pack ($3,300 limit) and keeps it whole under 2025-26', () => {
    const received2024 = facts({ amountMinor: 340_000n, receivedAt: '2024-10-01T12:00:00.000Z' });
    expect(judgeContribution(fec2024, received2024, nothingGiven)).toMatchObject({
      outcome: 'accept',
      acceptedMinor: 330_000n,
      excessMinor: 10_000n,
      excessRemedy: { dueOn: '2024-11-30' },
      figures: { limitMinor: '330000' },
    });
    expect(judgeContribution(fec2026, facts({ amountMinor: 340_000n }), nothingGiven)).toMatchObject({ acceptedMinor: 340_000n, excessMinor: 0n, excessRemedy: null });
  });

  it('hands a UK pack to the PPERA rules (ppera-verdict.unit.spec.ts), which judge a company by its registration', () => {
    const company = facts({ donorType: 'company', method: 'cash', attestations: { carriesOnBusinessInUk: true }, registrationNumber: '01234567', amountMinor: 9_000_000n });
    expect(judgeContribution(uk, company, nothingGiven)).toMatchObject({
      outcome: 'accept',
      acceptedMinor: 9_000_000n,
      itemized: true,
      ruleIds: ['ppera-permissible-donor', 'ppera-central-party-reporting'],
      figures: expect.objectContaining({ reportingMark: 'central_party_threshold' }),
    });
  });
});
