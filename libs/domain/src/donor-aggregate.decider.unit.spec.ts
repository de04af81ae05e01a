import {
  deterministicId,
  type ContributionCounted,
  type ContributionReversed,
  type DonationAccepted,
  type DonationReceivedV2,
  type DonationRejected,
  type EventMetadata,
} from '#contracts';
import { rulePackFor, type RulePack } from '#compliance-rules';
import { deciderSpec } from '../../testing/src/decider-spec.js';
import {
  decideContribution,
  evolveDonorAggregate,
  initialDonorAggregate,
  UNDESIGNATED,
  type DecideContribution,
} from './donor-aggregate.decider.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const PRIMARY = 'p-2026';
const GENERAL = 'g-2026';
const DECIDED_AT = '2026-03-01T12:00:02.000Z';

const donationOf = (donationId: string, amountMinor: string, electionId: string | null = PRIMARY): DonationReceivedV2 => ({
  donationId,
  campaignId: 'cmp-spring',
  committeeId: 'c-smith',
  amountMinor,
  currency: 'USD',
  donor: { donorId: 'dn_jane', type: 'individual', sealedPii: null, attestations: {} },
  payment: { method: 'card', pspReference: `psp-${donationId}` },
  electionId,
  receivedAt: '2026-03-01T12:00:00.000Z',
});

const decide = (donation: DonationReceivedV2, pack: RulePack = fec2026): DecideContribution => ({
  type: 'DecideContribution',
  donation,
  causationEventId: `ev-received-${donation.donationId}`,
  correlationId: `corr-${donation.donationId}`,
  pack,
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

const counted = (donationId: string, electionId: string, amountMinor: string, aggregateAfterMinor: string): ContributionCounted => ({
  eventId: deterministicId('contribution-counted', `ev-received-${donationId}`),
  type: 'ContributionCounted',
  version: 1,
  payload: { donationId, donorId: 'dn_jane', electionId, amountMinor, currency: 'USD', aggregateAfterMinor },
  metadata: metadataOf(donationId),
});

const reversed = (donationId: string, electionId: string, amountMinor: string): ContributionReversed => ({
  eventId: `ev-reversed-${donationId}`,
  type: 'ContributionReversed',
  version: 1,
  payload: { donationId, donorId: 'dn_jane', electionId, amountMinor, currency: 'USD', reason: 'refund' },
  metadata: metadataOf(donationId),
});

const accepted = (donationId: string, electionId: string, amountMinor: string, aggregateAfterMinor: string, pack = fec2026): DonationAccepted => ({
  eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
  type: 'DonationAccepted',
  version: 1,
  payload: {
    donationId,
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    electionId,
    acceptedAmountMinor: amountMinor,
    currency: 'USD',
    aggregateAfterMinor,
    ruleIds: pack.individualLimitPerElectionMinor === null ? [] : ['individual-limit-per-election'],
    rulePackVersion: pack.version,
  },
  metadata: metadataOf(donationId),
});

const rejected = (donationId: string, amountMinor: string, figures: { before: string; headroom: string; election: string }): DonationRejected => ({
  eventId: deterministicId('donation-decided', `ev-received-${donationId}`),
  type: 'DonationRejected',
  version: 1,
  payload: {
    donationId,
    campaignId: 'cmp-spring',
    committeeId: 'c-smith',
    donorId: 'dn_jane',
    code: 'donor_exceeds_election_limit',
    detail: `donor has given ${figures.before} of 350000 minor units for this election; ${amountMinor} would exceed it`,
    figures: { aggregateBeforeMinor: figures.before, amountMinor, limitMinor: '350000', headroomMinor: figures.headroom, electionId: figures.election },
    ruleIds: ['individual-limit-per-election'],
    rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
  },
  metadata: metadataOf(donationId),
});

const spec = deciderSpec({ decide: decideContribution, evolve: evolveDonorAggregate, initialState: initialDonorAggregate });

describe('donor aggregate: FEC 2025-26 individual limit, $3,500.00 per election', () => {
  it('decides under the 2025-26 pack with its limit of 350000 cents', () => {
    expect([fec2026.version, fec2026.individualLimitPerElectionMinor]).toEqual(['US-FEC-CANDIDATE/2025-2026', 350_000n]);
  });

  describe('given no contributions', () => {
    const given = spec.given([]);

    it('accepts and counts exactly $3,500.00', () => {
      given.when(decide(donationOf('d1', '350000'))).then({
        outcome: 'accept',
        counted: counted('d1', PRIMARY, '350000', '350000'),
        accepted: accepted('d1', PRIMARY, '350000', '350000'),
      });
    });

    it('rejects $3,500.01 in one donation, counting nothing', () => {
      given.when(decide(donationOf('d1', '350001'))).then({
        outcome: 'reject',
        rejected: rejected('d1', '350001', { before: '0', headroom: '350000', election: PRIMARY }),
      });
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
    const given = spec.given([counted('d1', PRIMARY, '349999', '349999')]);

    it('accepts one more cent, reaching the limit exactly', () => {
      given.when(decide(donationOf('d2', '1'))).then({
        outcome: 'accept',
        counted: counted('d2', PRIMARY, '1', '350000'),
        accepted: accepted('d2', PRIMARY, '1', '350000'),
      });
    });

    it('rejects two cents', () => {
      given.when(decide(donationOf('d2', '2'))).then({
        outcome: 'reject',
        rejected: rejected('d2', '2', { before: '349999', headroom: '1', election: PRIMARY }),
      });
    });
  });

  describe('given $3,500.00 counted for the primary', () => {
    const given = spec.given([counted('d1', PRIMARY, '150000', '150000'), counted('d2', PRIMARY, '200000', '350000')]);

    it('sums the donor per election', () => {
      expect(given.state).toStrictEqual({
        byElection: new Map([[PRIMARY, 350_000n]]),
        counted: new Map([
          ['d1', { electionId: PRIMARY, amountMinor: 150_000n, aggregateAfterMinor: 150_000n, reversedMinor: 0n }],
          ['d2', { electionId: PRIMARY, amountMinor: 200_000n, aggregateAfterMinor: 350_000n, reversedMinor: 0n }],
        ]),
      });
    });

    it('rejects one cent more for the primary', () => {
      given.when(decide(donationOf('d3', '1'))).then({
        outcome: 'reject',
        rejected: rejected('d3', '1', { before: '350000', headroom: '0', election: PRIMARY }),
      });
    });

    it('gives the same rejection, with the same id, when the donation is redelivered', () => {
      const first = given.when(decide(donationOf('d3', '1'))).decision();
      given.when(decide(donationOf('d3', '1'))).then(first);
    });

    it('accepts $3,500.00 for the general, a separate election', () => {
      given.when(decide(donationOf('d3', '350000', GENERAL))).then({
        outcome: 'accept',
        counted: counted('d3', GENERAL, '350000', '350000'),
        accepted: accepted('d3', GENERAL, '350000', '350000'),
      });
    });

    it('after a refund is reversed, accepts again up to the limit', () => {
      const afterRefund = spec.given([counted('d1', PRIMARY, '150000', '150000'), counted('d2', PRIMARY, '200000', '350000'), reversed('d2', PRIMARY, '200000')]);
      expect(afterRefund.state.byElection.get(PRIMARY)).toBe(150_000n);
      // The reversed donation stays listed, reversed in full, so deciding it again cannot count it twice.
      expect(afterRefund.state.counted.get('d2')).toEqual({ electionId: PRIMARY, amountMinor: 200_000n, aggregateAfterMinor: 350_000n, reversedMinor: 200_000n });
      afterRefund.when(decide(donationOf('d2', '200000'))).then({ outcome: 'accept', counted: null, accepted: accepted('d2', PRIMARY, '200000', '350000') });
      afterRefund.when(decide(donationOf('d3', '200000'))).then({
        outcome: 'accept',
        counted: counted('d3', PRIMARY, '200000', '350000'),
        accepted: accepted('d3', PRIMARY, '200000', '350000'),
      });
      afterRefund.when(decide(donationOf('d3', '200001'))).then({
        outcome: 'reject',
        rejected: rejected('d3', '200001', { before: '150000', headroom: '200000', election: PRIMARY }),
      });
    });
  });

  describe('given the donation itself was already counted (a retry after a crash between the two appends)', () => {
    it('counts nothing again and repeats the original acceptance, even with the donor now at the limit', () => {
      const original = spec.given([]).when(decide(donationOf('d1', '100000'))).decision();
      const retried = spec.given([counted('d1', PRIMARY, '100000', '100000')]).when(decide(donationOf('d1', '100000')));
      retried.then({ outcome: 'accept', counted: null, accepted: accepted('d1', PRIMARY, '100000', '100000') });
      expect(original).toMatchObject({ outcome: 'accept', accepted: accepted('d1', PRIMARY, '100000', '100000') });

      const later = spec.given([counted('d1', PRIMARY, '100000', '100000'), counted('d2', PRIMARY, '250000', '350000')]);
      later.when(decide(donationOf('d1', '100000'))).then({ outcome: 'accept', counted: null, accepted: accepted('d1', PRIMARY, '100000', '100000') });
    });
  });
});

describe('donor aggregate: other packs', () => {
  it('applies the 2023-24 limit of $3,300.00 under that pack', () => {
    const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-10-01T18:29:59.000Z');
    const decision = spec.given([]).when(decide(donationOf('d1', '330001'), fec2024)).decision();
    expect(decision).toMatchObject({
      outcome: 'reject',
      rejected: { payload: { figures: { limitMinor: '330000', headroomMinor: '330000' }, rulePackVersion: 'US-FEC-CANDIDATE/2023-2024' } },
    });
  });

  it('counts an undesignated donation under a pack without a limit, citing no rule', () => {
    const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');
    const given = spec.given([counted('d1', UNDESIGNATED, '99000000', '99000000')]);
    given.when(decide(donationOf('d2', '1000000', null), uk)).then({
      outcome: 'accept',
      counted: counted('d2', 'undesignated', '1000000', '100000000'),
      accepted: accepted('d2', 'undesignated', '1000000', '100000000', uk),
    });
  });
});
