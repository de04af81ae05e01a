import { deterministicId } from '#contracts';
import { rulePackFor } from '#compliance-rules';
import { decisionEvents } from './donor-aggregate.decider.js';
import { counted, decide, donationOf, donor, GENERAL, metadataOf, PRIMARY, reversed, spec } from './donor-aggregate.fixtures.spec.js';

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

  it('counts a UK donation towards its calendar year, not an election (ppera.decider.unit.spec.ts)', () => {
    const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
    const given = spec.given([{ ...counted('d1', { amount: '99000000', before: '0', election: 'calendar-year-2026' }), version: 2 }]);
    const ukDonor = donor({ type: 'company', attestations: { carriesOnBusinessInUk: true }, registrationNumber: '01234567' });
    const decision = given.when(decide(donationOf('d2', '1000000', null, { donor: ukDonor }), uk)).decision();
    expect(decision).toMatchObject({
      outcome: 'accept',
      counted: { payload: { electionId: 'calendar-year-2026', amountMinor: '1000000', aggregateAfterMinor: '100000000', itemized: true, figures: expect.objectContaining({ reportingMark: 'central_party_subsequent' }) } },
      accepted: { payload: { ruleIds: ['ppera-permissible-donor', 'ppera-central-party-reporting'], rulePackVersion: 'UK-PPERA-PARTY/2024', itemized: true } },
      held: null,
      bestEfforts: null,
    });
  });
});
