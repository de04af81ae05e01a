import { deterministicId, type ContributionCounted, type ContributionReversed, type DonorAggregateEvent } from '#contracts';
import { rulePackFor } from '#compliance-rules';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { reverseContribution, type ReverseContribution } from './contribution-reversal.decider.js';
import { decideContribution, evolveDonorAggregate, initialDonorAggregate } from './donor-aggregate.decider.js';
import { NO_MATCH_KEYS } from '../donation/donation.decider.js';

const PRIMARY = 'p-2026';
const DECIDED_AT = '2026-03-05T10:00:00.000Z';

const metadata = { occurredAt: DECIDED_AT, correlationId: 'corr', causationId: 'cause', committeeId: 'c-smith', donorId: 'dn_jane', actor: 'compliance' };

const counted = (donationId: string, amountMinor: string, aggregateAfterMinor: string): ContributionCounted => ({
  eventId: `ev-counted-${donationId}`,
  type: 'ContributionCounted',
  version: 2,
  payload: {
    donationId,
    donorId: 'dn_jane',
    electionId: PRIMARY,
    amountMinor,
    currency: 'USD',
    aggregateAfterMinor,
    paymentMethod: 'card',
    itemized: true,
    figures: {},
    ruleIds: ['individual-limit-per-election'],
  },
  metadata,
});

/** The money of donation `donationId` as its stream tells it, and the refund or chargeback being handled. */
const reverse = (
  donationId: string,
  money: { received: bigint; refunded?: bigint; chargedBack?: bigint },
  cause: { eventId: string; reason: 'refund' | 'chargeback' } = { eventId: `ev-refund-${donationId}`, reason: 'refund' },
): ReverseContribution => ({
  type: 'ReverseContribution',
  donationId,
  committeeId: 'c-smith',
  donorId: 'dn_jane',
  currency: 'USD',
  receivedMinor: money.received,
  refundedMinor: money.refunded ?? 0n,
  chargedBackMinor: money.chargedBack ?? 0n,
  causationEventId: cause.eventId,
  reason: cause.reason,
  correlationId: 'corr-refund',
  decidedAt: DECIDED_AT,
});

const reversed = (donationId: string, amountMinor: string, cause: string, before: string, reason: 'refund' | 'chargeback' = 'refund'): ContributionReversed => ({
  eventId: deterministicId('contribution-reversed', cause, before),
  type: 'ContributionReversed',
  version: 1,
  payload: { donationId, donorId: 'dn_jane', electionId: PRIMARY, amountMinor, currency: 'USD', reason },
  metadata: { occurredAt: DECIDED_AT, correlationId: 'corr-refund', causationId: cause, committeeId: 'c-smith', donorId: 'dn_jane', actor: 'compliance' },
});

const spec = deciderSpec<ReverseContribution, DonorAggregateEvent, ReturnType<typeof initialDonorAggregate>, ContributionReversed[]>({
  decide: reverseContribution,
  evolve: evolveDonorAggregate,
  initialState: initialDonorAggregate,
});

describe('donor aggregate: reverseContribution', () => {
  describe('given nothing counted for the donation (rejected, or not decided yet)', () => {
    it('reverses nothing', () => {
      spec.given([counted('d-other', '1000', '1000')]).when(reverse('d1', { received: 10_000n, refunded: 10_000n })).then([]);
    });
  });

  describe('given $100.00 counted for d1 and $3,400.00 for d0: the donor at the $3,500.00 limit', () => {
    const history = [counted('d0', '340000', '340000'), counted('d1', '10000', '350000')];
    const given = spec.given(history);

    it('reverses a full refund, in the election it was counted for, caused by the refund', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 10_000n })).then([reversed('d1', '10000', 'ev-refund-d1', '0')]);
    });

    it('reverses a partial refund for its amount only', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 2_500n })).then([reversed('d1', '2500', 'ev-refund-d1', '0')]);
    });

    it('reverses a chargeback as a chargeback', () => {
      const cause = { eventId: 'ev-cb-d1', reason: 'chargeback' as const };
      given.when(reverse('d1', { received: 10_000n, chargedBack: 10_000n }, cause)).then([reversed('d1', '10000', 'ev-cb-d1', '0', 'chargeback')]);
    });

    it('once reversed, gives the donor the headroom back: a $100.00 donation is accepted again', () => {
      const pack = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
      const donation = {
        donationId: 'd2',
        campaignId: 'cmp-spring',
        committeeId: 'c-smith',
        amountMinor: '10000',
        currency: 'USD',
        donor: {
          donorId: 'dn_jane',
          type: 'individual' as const,
          sealedPii: null,
          attestations: { usCitizenOrPermanentResident: true },
          detailsGiven: { mailingAddress: true, occupation: true, employer: true },
          registrationNumber: null,
        },
        payment: { method: 'card' as const, pspReference: null },
        electionId: PRIMARY,
        receivedAt: '2026-03-05T11:00:00.000Z',
        matchKeys: NO_MATCH_KEYS,
        publicAcknowledgement: null,
      };
      const command = { type: 'DecideContribution' as const, donation, causationEventId: 'ev-received-d2', correlationId: 'c', pack, cycleElectionIds: [PRIMARY], decidedAt: DECIDED_AT };
      expect(decideContribution(command, given.state).outcome).toBe('reject');
      const after = spec.given([...history, reversed('d1', '10000', 'ev-refund-d1', '0')]).state;
      expect(after.byElection.get(PRIMARY)).toBe(340_000n);
      expect(decideContribution(command, after).outcome).toBe('accept');
    });
  });

  describe('given $25.00 of d1 already reversed by a first refund', () => {
    const given = spec.given([counted('d1', '10000', '10000'), reversed('d1', '2500', 'ev-refund-1', '0')]);

    it('reverses nothing when the same refund is handled again', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 2_500n }, { eventId: 'ev-refund-1', reason: 'refund' })).then([]);
    });

    it('reverses only the second refund\'s amount, named by it and by what was reversed before', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 4_000n }, { eventId: 'ev-refund-2', reason: 'refund' })).then([
        reversed('d1', '1500', 'ev-refund-2', '2500'),
      ]);
    });

    it('reverses what the chargeback of the rest takes, and never more than was counted', () => {
      const cause = { eventId: 'ev-cb-1', reason: 'chargeback' as const };
      given.when(reverse('d1', { received: 10_000n, refunded: 2_500n, chargedBack: 7_500n }, cause)).then([reversed('d1', '7500', 'ev-cb-1', '2500', 'chargeback')]);
    });

    it('covers a second refund handled under the first refund\'s redelivery, and then nothing for the second', () => {
      const both = { received: 10_000n, refunded: 4_000n };
      const [late] = given.when(reverse('d1', both, { eventId: 'ev-refund-1', reason: 'refund' })).decision();
      expect(late).toEqual(reversed('d1', '1500', 'ev-refund-1', '2500'));
      spec.given([counted('d1', '10000', '10000'), reversed('d1', '2500', 'ev-refund-1', '0'), late]).when(reverse('d1', both, { eventId: 'ev-refund-2', reason: 'refund' })).then([]);
    });
  });

  describe('given d1 counted for $60.00 of $100.00 received (partly accepted)', () => {
    const given = spec.given([counted('d1', '6000', '6000')]);

    it('reverses nothing for a refund of the $40.00 excess', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 4_000n })).then([]);
    });

    it('reverses the part of a refund beyond the excess', () => {
      given.when(reverse('d1', { received: 10_000n, refunded: 5_000n })).then([reversed('d1', '1000', 'ev-refund-d1', '0')]);
    });
  });
});
