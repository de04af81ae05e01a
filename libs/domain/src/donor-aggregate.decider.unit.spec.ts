import {
  deterministicId,
  type ContributionCounted,
  type ContributionReversed,
  type DonationAccepted,
  type DonationReceivedV3,
  type DonationRejected,
  type DonorSnapshot,
  type EventMetadata,
  type ExcessiveContributionHeld,
  type PaymentMethod,
} from '#contracts';
import { rulePackFor, type RulePack } from '#compliance-rules';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import {
  decideContribution,
  decisionEvents,
  evolveDonorAggregate,
  initialDonorAggregate,
  UNDESIGNATED,
  type ContributionDecision,
  type DecideContribution,
} from './donor-aggregate.decider.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const PRIMARY = 'p-2026';
const GENERAL = 'g-2026';
const RECEIVED_AT = '2026-03-01T12:00:00.000Z';
const DECIDED_AT = '2026-03-01T12:00:02.000Z';
const FEC_RULES = ['prohibited-source', 'questionable-source', 'individual-limit-per-election', 'itemization-threshold'];

const donor = (changes: Partial<DonorSnapshot> = {}): DonorSnapshot => ({
  donorId: 'dn_jane',
  type: 'individual',
  sealedPii: 'sealed:jane',
  attestations: { usCitizenOrPermanentResident: true },
  detailsGiven: { mailingAddress: true, occupation: true, employer: true },
  ...changes,
});

const donationOf = (donationId: string, amountMinor: string, electionId: string | null = PRIMARY, changes: Partial<DonationReceivedV3> = {}): DonationReceivedV3 => ({
  donationId,
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  amountMinor,
  currency: 'USD',
  donor: donor(),
  payment: { method: 'card', pspReference: `psp-${donationId}` },
  electionId,
  receivedAt: RECEIVED_AT,
  ...changes,
});

const decide = (donation: DonationReceivedV3, pack: RulePack = fec2026): DecideContribution => ({
  type: 'DecideContribution',
  donation,
  causationEventId: `ev-received-${donation.donationId}`,
  correlationId: `corr-${donation.donationId}`,
  pack,
  cycleElectionIds: [PRIMARY, GENERAL],
  decidedAt: DECIDED_AT,
});

const metadataOf = (donationId: string): EventMetadata => ({
  occurredAt: DECIDED_AT,
  correlationId: `corr-${donationId}`,
  causationId: `ev-received-${donationId}`,
  committeeId: 'c-smith',
  donorId: 'dn_jane',
  actor: 'compliance',
});

interface Counting {
  election?: string;
  amount: string;
  before: string;
  accepted?: string;
  cycleAfter?: string;
  method?: PaymentMethod;
}

/** The figures an FEC 2025-26 acceptance by card compares, for a donor who gave every detail. */
const figuresOf = ({ election = PRIMARY, amount, before, accepted = amount, cycleAfter }: Counting): Record<string, string> => {
  const after = (BigInt(before) + BigInt(accepted)).toString();
  return {
    amountMinor: amount,
    aggregateBeforeMinor: before,
    limitMinor: '350000',
    headroomMinor: (350_000n - BigInt(before)).toString(),
    acceptedMinor: accepted,
    excessMinor: (BigInt(amount) - BigInt(accepted)).toString(),
    aggregateAfterMinor: after,
    cycleAggregateAfterMinor: cycleAfter ?? after,
    itemizationThresholdMinor: '20000',
    electionId: election,
  };
};

const counted = (donationId: string, c: Counting): ContributionCounted => {
  const accepted = c.accepted ?? c.amount;
  const figures = figuresOf(c);
  return {
    eventId: deterministicId('contribution-counted', `ev-received-${donationId}`),
    type: 'ContributionCounted',
    version: 2,
    payload: {
      donationId,
      donorId: 'dn_jane',
      electionId: c.election ?? PRIMARY,
      amountMinor: accepted,
      currency: 'USD',
      aggregateAfterMinor: figures.aggregateAfterMinor,
      paymentMethod: c.method ?? 'card',
      itemized: BigInt(figures.cycleAggregateAfterMinor) > 20_000n,
      figures,
      ruleIds: FEC_RULES,
    },
    metadata: metadataOf(donationId),
  };
};

const accepted = (donationId: string, c: Counting): DonationAccepted => {
  const { payload } = counted(donationId, c);
  return {
    eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
    type: 'DonationAccepted',
    version: 2,
    payload: {
      donationId,
      campaignId: 'cmp-spring',
      committeeId: 'c-smith',
      donorId: 'dn_jane',
      electionId: payload.electionId,
      acceptedAmountMinor: payload.amountMinor,
      currency: 'USD',
      aggregateAfterMinor: payload.aggregateAfterMinor,
      ruleIds: FEC_RULES,
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
      figures: payload.figures,
      itemized: payload.itemized,
    },
    metadata: metadataOf(donationId),
  };
};

const held = (donationId: string, c: Counting & { accepted: string }): ExcessiveContributionHeld => ({
  eventId: deterministicId('excessive-contribution-held', `ev-received-${donationId}`),
  type: 'ExcessiveContributionHeld',
  version: 1,
  payload: {
    donationId,
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    electionId: c.election ?? PRIMARY,
    receivedAmountMinor: c.amount,
    acceptedAmountMinor: c.accepted,
    excessAmountMinor: (BigInt(c.amount) - BigInt(c.accepted)).toString(),
    currency: 'USD',
    remedies: ['refund', 'redesignation', 'reattribution'],
    dueOn: '2026-04-30',
    figures: figuresOf(c),
    ruleIds: FEC_RULES,
    rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
  },
  metadata: metadataOf(donationId),
});

const acceptance = (donationId: string, c: Counting): ContributionDecision => ({
  outcome: 'accept',
  counted: counted(donationId, c),
  accepted: accepted(donationId, c),
  held: c.accepted !== undefined && c.accepted !== c.amount ? held(donationId, { ...c, accepted: c.accepted }) : null,
  bestEfforts: null,
});

const reversed = (donationId: string, electionId: string, amountMinor: string): ContributionReversed => ({
  eventId: `ev-reversed-${donationId}`,
  type: 'ContributionReversed',
  version: 1,
  payload: { donationId, donorId: 'dn_jane', electionId, amountMinor, currency: 'USD', reason: 'refund' },
  metadata: metadataOf(donationId),
});

const limitRejection = (donationId: string, amountMinor: string, before: string, election = PRIMARY): ContributionDecision => {
  const rejected: DonationRejected = {
    eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
    type: 'DonationRejected',
    version: 1,
    payload: {
      donationId,
      campaignId: 'cmp-spring',
      committeeId: 'c-smith',
      donorId: 'dn_jane',
      code: 'donor_exceeds_election_limit',
      detail: `donor has given ${before} of 350000 minor units for this election; ${amountMinor} would exceed it`,
      figures: { amountMinor, aggregateBeforeMinor: before, limitMinor: '350000', headroomMinor: '0', electionId: election },
      ruleIds: ['prohibited-source', 'questionable-source', 'individual-limit-per-election'],
      rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
    },
    metadata: metadataOf(donationId),
  };
  return { outcome: 'reject', rejected };
};

const spec = deciderSpec({ decide: decideContribution, evolve: evolveDonorAggregate, initialState: initialDonorAggregate });

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

describe('donor aggregate: cash, anonymous, sources and itemization', () => {
  const cash = (donationId: string, amountMinor: string, electionId = PRIMARY) =>
    donationOf(donationId, amountMinor, electionId, { payment: { method: 'cash', pspReference: null } });

  it('counts cash per election: $60.00 after $40.00 fits, $60.01 is refused, and the general has its own $100.00', () => {
    const given = spec.given([]);
    const first = given.when(decide(cash('c1', '4000'))).decision();
    if (first.outcome !== 'accept' || !first.counted) throw new Error('expected a count');
    expect(first.counted.payload.paymentMethod).toBe('cash');
    const afterForty = spec.given([first.counted]);
    expect(afterForty.state.cashByElection.get(PRIMARY)).toBe(4_000n);
    expect(afterForty.when(decide(cash('c2', '6000'))).decision()).toMatchObject({ outcome: 'accept', accepted: { payload: { acceptedAmountMinor: '6000' } } });
    expect(afterForty.when(decide(cash('c2', '6001'))).decision()).toMatchObject({
      outcome: 'reject',
      rejected: { payload: { code: 'cash_over_limit', figures: { cashAggregateBeforeMinor: '4000', cashLimitMinor: '10000', electionId: PRIMARY } } },
    });
    expect(afterForty.when(decide(cash('c2', '10000', GENERAL))).decision()).toMatchObject({ outcome: 'accept' });
  });

  it('gives cash headroom back when a cash donation is refunded', () => {
    const given = spec.given([counted('c1', { amount: '10000', before: '0', method: 'cash' }), reversed('c1', PRIMARY, '10000')]);
    expect(given.state.cashByElection.get(PRIMARY)).toBe(0n);
    expect(given.when(decide(cash('c2', '10000'))).decision()).toMatchObject({ outcome: 'accept' });
  });

  it('refuses an anonymous donation of $50.01 and keeps one of $50.00', () => {
    const anonymous = (amountMinor: string) =>
      donationOf('a1', amountMinor, PRIMARY, { donor: donor({ donorId: 'anonymous-a1', sealedPii: null, attestations: {}, detailsGiven: null }) });
    expect(spec.given([]).when(decide(anonymous('5001'))).decision()).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'anonymous_over_limit' } } });
    expect(spec.given([]).when(decide(anonymous('5000'))).decision()).toMatchObject({ outcome: 'accept', bestEfforts: null });
  });

  it('refuses a corporation and flags a donor without the citizenship attestation, on the FEC clock, counting neither', () => {
    const company = donationOf('x1', '1000', PRIMARY, { donor: donor({ type: 'company' }) });
    expect(spec.given([]).when(decide(company)).decision()).toMatchObject({ outcome: 'reject', rejected: { payload: { code: 'prohibited_source_corporation', ruleIds: ['prohibited-source'] } } });
    const unattested = donationOf('x2', '1000', PRIMARY, { donor: donor({ attestations: {} }) });
    spec.given([]).when(decide(unattested)).then({
      outcome: 'flag',
      flagged: {
        eventId: deterministicId('donation-decided', 'ev-received-x2'),
        type: 'DonationFlagged',
        version: 2,
        payload: {
          donationId: 'x2',
          campaignId: 'cmp-spring',
          reasons: [{ code: 'source_citizenship_not_attested', detail: 'the donor has not attested being a US citizen or permanent resident' }],
          ruleIds: ['prohibited-source', 'questionable-source'],
          rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
          figures: { amountMinor: '1000', electionId: PRIMARY },
          deadlines: [
            { action: 'deposit_or_return', dueOn: '2026-03-11' },
            { action: 'obtain_evidence_or_refund', dueOn: '2026-03-31' },
          ],
        },
        metadata: metadataOf('x2'),
      },
    });
  });

  it('itemizes across the cycle: $150.00 for the primary, then $50.01 for the general passes $200.00 and asks for the missing occupation', () => {
    const given = spec.given([counted('d1', { amount: '15000', before: '0' })]);
    const atThreshold = given.when(decide(donationOf('d2', '5000', GENERAL))).decision();
    expect(atThreshold).toMatchObject({ outcome: 'accept', accepted: { payload: { itemized: false } }, bestEfforts: null });
    const noOccupation = donationOf('d2', '5001', GENERAL, { donor: donor({ detailsGiven: { mailingAddress: true, occupation: false, employer: true } }) });
    expect(given.when(decide(noOccupation)).decision()).toMatchObject({
      outcome: 'accept',
      accepted: { payload: { itemized: true, figures: { cycleAggregateAfterMinor: '20001', aggregateAfterMinor: '5001' } } },
      bestEfforts: {
        eventId: deterministicId('best-efforts-request-opened', 'ev-received-d2'),
        type: 'BestEffortsRequestOpened',
        payload: { donationId: 'd2', missingDetails: ['occupation'], dueOn: '2026-03-31', ruleIds: ['itemization-threshold'] },
      },
    });
  });

  it('appends acceptance, held excess and best-efforts request to the donation stream in that order', () => {
    const noDetails = donationOf('d1', '400000', PRIMARY, { donor: donor({ detailsGiven: null }) });
    const decision = spec.given([]).when(decide(noDetails)).decision();
    expect(decisionEvents(decision).map((e) => e.type)).toEqual(['DonationAccepted', 'ExcessiveContributionHeld', 'BestEffortsRequestOpened']);
  });
});

describe('donor aggregate: other packs', () => {
  it('splits at the 2023-24 limit of $3,300.00 under that pack, naming it', () => {
    const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-10-01T18:29:59.000Z');
    const donation = donationOf('d1', '330001', PRIMARY, { receivedAt: '2024-10-01T18:29:59.000Z' });
    expect(spec.given([]).when(decide(donation, fec2024)).decision()).toMatchObject({
      outcome: 'accept',
      accepted: { payload: { acceptedAmountMinor: '330000', figures: { limitMinor: '330000' }, rulePackVersion: 'US-FEC-CANDIDATE/2023-2024' } },
      held: { payload: { excessAmountMinor: '1', dueOn: '2024-11-30', rulePackVersion: 'US-FEC-CANDIDATE/2023-2024' } },
    });
  });

  it('counts an undesignated donation under a pack without rules, citing none', () => {
    const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
    const given = spec.given([{ ...counted('d1', { amount: '99000000', before: '0', election: UNDESIGNATED }), version: 2 }]);
    const decision = given.when(decide(donationOf('d2', '1000000', null), uk)).decision();
    expect(decision).toMatchObject({
      outcome: 'accept',
      counted: { payload: { electionId: UNDESIGNATED, amountMinor: '1000000', aggregateAfterMinor: '100000000', ruleIds: [], itemized: null } },
      accepted: { payload: { ruleIds: [], rulePackVersion: 'UK-PPERA-PARTY/2024', itemized: null } },
      held: null,
      bestEfforts: null,
    });
  });
});
