import type { ContributionCounted, DonorAggregateEvent } from '#contracts';
import { Rejection } from '../shared/rejection.js';
import { evolveDonorAggregate, initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';
import { combinedAggregate, donorLinkId, linkDonorIdentities, unlinkDonorIdentities, type LinkDonorIdentities, type UnlinkDonorIdentities } from './donor-link.decider.js';
import { excessOfLinkedDonors, linkedExcessHeldEvent } from './donor-link-excess.js';
import { excessRemedyFor } from '#compliance-rules';
import { donationOf, fec2026, metadataOf } from './donor-aggregate.fixtures.spec.js';

const PRIMARY = 'p-2026';
const GENERAL = 'g-2026';
const LIMIT = 350_000n;

const counted = (donorId: string, donationId: string, amountMinor: bigint, countedAt: string, electionId = PRIMARY): ContributionCounted => ({
  eventId: `ev-${donationId}`,
  type: 'ContributionCounted',
  version: 2,
  payload: { donationId, donorId, electionId, amountMinor: amountMinor.toString(), currency: 'USD', aggregateAfterMinor: '0', paymentMethod: 'card', itemized: true, figures: {}, ruleIds: [] },
  metadata: { occurredAt: countedAt, correlationId: 'c', causationId: 'c', committeeId: 'c-smith', donorId, actor: 'compliance' },
});

const given = (...events: DonorAggregateEvent[]): DonorAggregateState => events.reduce(evolveDonorAggregate, initialDonorAggregate());

const link = (donorId = 'dn_ada', linkedDonorId = 'dn_alovelace'): LinkDonorIdentities => ({
  type: 'LinkDonorIdentities',
  committeeId: 'c-smith',
  donorId,
  linkedDonorId,
  officer: 'api-key:officer-1',
  reason: 'same person: initial and full name, one address',
  correlationId: 'corr',
  decidedAt: '2026-12-06T12:00:00.000Z',
});

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    if (e instanceof Rejection) return e.code;
    throw e;
  }
  return 'none';
};

describe('linking two donor identities (issue 14, item 12)', () => {
  const ada = given(counted('dn_ada', 'd1', 200_000n, '2026-11-01T10:00:00Z'));
  const initial = given(counted('dn_alovelace', 'd2', 200_000n, '2026-11-02T10:00:00Z'));

  describe('given two donors who each gave $2,000 for the primary', () => {
    it('when an officer links them, then each aggregate records the other, with ids of the pair and no personal data', () => {
      const [own, other] = linkDonorIdentities(link(), ada, initial);
      expect(own.payload).toEqual({ committeeId: 'c-smith', donorId: 'dn_ada', linkedDonorId: 'dn_alovelace', officer: 'api-key:officer-1', reason: 'same person: initial and full name, one address' });
      expect(other.payload).toMatchObject({ donorId: 'dn_alovelace', linkedDonorId: 'dn_ada' });
      expect(own.metadata.causationId).toBe(donorLinkId('c-smith', 'dn_alovelace', 'dn_ada'));
      expect(linkDonorIdentities(link(), ada, initial).map((e) => e.eventId)).toEqual([own.eventId, other.eventId]);
      expect(evolveDonorAggregate(ada, own).linkedDonorIds).toEqual(new Set(['dn_alovelace']));
    });

    it('when linked, then together they have $500 over the $3,500 limit, held on the later donation', () => {
      const group = [
        { donorId: 'dn_ada', state: ada },
        { donorId: 'dn_alovelace', state: initial },
      ];
      expect(excessOfLinkedDonors(group, () => LIMIT)).toEqual([{ donationId: 'd2', donorId: 'dn_alovelace', electionId: PRIMARY, excessMinor: 50_000n }]);
    });

    it('when that later donation already holds an excess of its own, then the excess is held on the one before it', () => {
      const group = [
        { donorId: 'dn_ada', state: ada },
        { donorId: 'dn_alovelace', state: initial },
      ];
      expect(excessOfLinkedDonors(group, () => LIMIT, new Set(['d2']))).toEqual([{ donationId: 'd1', donorId: 'dn_ada', electionId: PRIMARY, excessMinor: 50_000n }]);
    });

    it('when an earlier link already holds $300 of it still counted, then only the $200 left is held', () => {
      const group = [
        { donorId: 'dn_ada', state: ada },
        { donorId: 'dn_alovelace', state: initial },
      ];
      expect(excessOfLinkedDonors(group, () => LIMIT, new Set(['d1']), new Map([[PRIMARY, 30_000n]]))).toEqual([{ donationId: 'd2', donorId: 'dn_alovelace', electionId: PRIMARY, excessMinor: 20_000n }]);
      expect(excessOfLinkedDonors(group, () => LIMIT, new Set(['d1']), new Map([[PRIMARY, 50_000n]]))).toEqual([]);
    });

    it('when the pack sets no limit (PPERA), then linking creates no excess', () => {
      expect(excessOfLinkedDonors([{ donorId: 'dn_ada', state: ada }, { donorId: 'dn_alovelace', state: initial }], () => null)).toEqual([]);
    });

    it('when linked, then the next donation of either is judged against $4,000 given, and repeats are still known', () => {
      const together = combinedAggregate(ada, [initial]);
      expect(together.byElection.get(PRIMARY)).toBe(400_000n);
      expect([...together.counted.keys()]).toEqual(['d1']);
    });

    it('when an officer links a donor to itself, then donor_link_same_donor', () => {
      expect(codeOf(() => linkDonorIdentities(link('dn_ada', 'dn_ada'), ada, ada))).toBe('donor_link_same_donor');
    });

    it('when an officer links a donor who never gave to the committee, then donor_not_found', () => {
      expect(codeOf(() => linkDonorIdentities(link(), ada, initialDonorAggregate()))).toBe('donor_not_found');
    });

    it('when an officer links them a second time, either way round, then donors_already_linked', () => {
      const [own, other] = linkDonorIdentities(link(), ada, initial);
      const [a, b] = [evolveDonorAggregate(ada, own), evolveDonorAggregate(initial, other)];
      expect(codeOf(() => linkDonorIdentities(link(), a, b))).toBe('donors_already_linked');
      expect(codeOf(() => linkDonorIdentities(link('dn_alovelace', 'dn_ada'), b, a))).toBe('donors_already_linked');
    });
  });

  describe('given linked donors exactly at the limit, or one minor unit over it', () => {
    const at = given(counted('dn_ada', 'd1', 150_000n, '2026-11-01T10:00:00Z'), counted('dn_ada', 'd3', 100_000n, '2026-11-03T10:00:00Z', GENERAL));
    it('when together they reach $3,500 exactly, then nothing is excessive', () => {
      const other = given(counted('dn_b', 'd2', 200_000n, '2026-11-02T10:00:00Z'));
      expect(excessOfLinkedDonors([{ donorId: 'dn_ada', state: at }, { donorId: 'dn_b', state: other }], () => LIMIT)).toEqual([]);
    });
    it('when together they pass it by one cent, then one cent is held, and the general election is untouched', () => {
      const other = given(counted('dn_b', 'd2', 200_001n, '2026-11-02T10:00:00Z'));
      expect(excessOfLinkedDonors([{ donorId: 'dn_ada', state: at }, { donorId: 'dn_b', state: other }], () => LIMIT)).toEqual([{ donationId: 'd2', donorId: 'dn_b', electionId: PRIMARY, excessMinor: 1n }]);
    });
    it('when the excess is more than the latest donation counts for, then it is spread over the earlier ones', () => {
      const other = given(counted('dn_b', 'd2', 100_000n, '2026-11-02T10:00:00Z'), counted('dn_b', 'd4', 300_000n, '2026-10-01T10:00:00Z'));
      expect(excessOfLinkedDonors([{ donorId: 'dn_ada', state: at }, { donorId: 'dn_b', state: other }], () => LIMIT)).toEqual([
        { donationId: 'd2', donorId: 'dn_b', electionId: PRIMARY, excessMinor: 100_000n },
        { donationId: 'd1', donorId: 'dn_ada', electionId: PRIMARY, excessMinor: 100_000n },
      ]);
    });
  });
});

const unlink = (linkId: string): UnlinkDonorIdentities => ({
  type: 'UnlinkDonorIdentities',
  committeeId: 'c-smith',
  linkId,
  officer: 'api-key:officer-2',
  reason: 'linked in error: mother and daughter at one address',
  correlationId: 'corr-2',
  decidedAt: '2026-12-07T09:00:00.000Z',
});

describe('undoing a link made in error (issue 14, item 12)', () => {
  const ada = given(counted('dn_ada', 'd1', 200_000n, '2026-11-01T10:00:00Z'));
  const initial = given(counted('dn_alovelace', 'd2', 100_000n, '2026-11-02T10:00:00Z'));
  const [onAda, onInitial] = linkDonorIdentities(link(), ada, initial);
  const linkId = onAda.metadata.causationId;
  const [adaLinked, initialLinked] = [evolveDonorAggregate(ada, onAda), evolveDonorAggregate(initial, onInitial)];

  describe('given Ada ($2,000) and A. Lovelace ($1,000) linked, counted together at $3,000', () => {
    it('when an officer undoes the link, then a fact on each aggregate names the link, its own donor first, and the officer', () => {
      const [own, other] = unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', initialLinked, adaLinked);
      expect(own).toMatchObject({ type: 'DonorIdentitiesUnlinked', version: 1, payload: { committeeId: 'c-smith', linkId, donorId: 'dn_alovelace', linkedDonorId: 'dn_ada', officer: 'api-key:officer-2', reason: 'linked in error: mother and daughter at one address' } });
      expect(other.payload).toMatchObject({ linkId, donorId: 'dn_ada', linkedDonorId: 'dn_alovelace' });
      expect(own.metadata).toMatchObject({ causationId: linkId, occurredAt: '2026-12-07T09:00:00.000Z', actor: 'api-key:officer-2' });
      expect(unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', initialLinked, adaLinked).map((e) => e.eventId)).toEqual([own.eventId, other.eventId]);
    });

    it('when undone, then from then on each is judged against its own aggregate: $2,000 and $1,000, not $3,000', () => {
      const [onInitialUndone, onAdaUndone] = unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', initialLinked, adaLinked);
      const adaAfter = evolveDonorAggregate(adaLinked, onAdaUndone);
      expect(combinedAggregate(adaLinked, [initialLinked]).byElection.get(PRIMARY)).toBe(300_000n);
      expect(adaAfter.linkedDonorIds).toEqual(new Set());
      expect(adaAfter.links.get(linkId)).toEqual({ linkedDonorId: 'dn_alovelace', inForce: false });
      expect(evolveDonorAggregate(initialLinked, onInitialUndone).linkedDonorIds).toEqual(new Set());
      expect(adaAfter.byElection.get(PRIMARY)).toBe(200_000n);
    });

    it('when undone and the officer then links them again, then that is a new link with an id of its own, and can be undone in turn', () => {
      const [onInitialUndone, onAdaUndone] = unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', initialLinked, adaLinked);
      const [a, b] = [evolveDonorAggregate(adaLinked, onAdaUndone), evolveDonorAggregate(initialLinked, onInitialUndone)];
      const [again, againOther] = linkDonorIdentities(link(), a, b);
      expect(again.metadata.causationId).not.toBe(linkId);
      expect(again.metadata.causationId).toBe(donorLinkId('c-smith', 'dn_ada', 'dn_alovelace', 1));
      const [a2, b2] = [evolveDonorAggregate(a, again), evolveDonorAggregate(b, againOther)];
      expect(a2.linkedDonorIds).toEqual(new Set(['dn_alovelace']));
      expect(codeOf(() => unlinkDonorIdentities(unlink(again.metadata.causationId), 'dn_ada', a2, b2))).toBe('none');
      expect(codeOf(() => unlinkDonorIdentities(unlink(linkId), 'dn_ada', a2, b2))).toBe('donor_link_already_revoked');
    });
  });

  describe('given a link already undone', () => {
    const [onInitialUndone, onAdaUndone] = unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', initialLinked, adaLinked);
    it('when an officer undoes it again, from either donor, then donor_link_already_revoked', () => {
      const [a, b] = [evolveDonorAggregate(adaLinked, onAdaUndone), evolveDonorAggregate(initialLinked, onInitialUndone)];
      expect(codeOf(() => unlinkDonorIdentities(unlink(linkId), 'dn_ada', a, b))).toBe('donor_link_already_revoked');
      expect(codeOf(() => unlinkDonorIdentities(unlink(linkId), 'dn_alovelace', b, a))).toBe('donor_link_already_revoked');
    });
  });

  describe('given a link id the donor never had', () => {
    it('when an officer undoes it, then donor_link_not_found', () => {
      expect(codeOf(() => unlinkDonorIdentities(unlink('no-such-link'), 'dn_ada', adaLinked, initialLinked))).toBe('donor_link_not_found');
      expect(codeOf(() => unlinkDonorIdentities(unlink(linkId), 'dn_ada', ada, initial))).toBe('donor_link_not_found');
    });
  });
});

describe('the excess a link creates, held for the officer', () => {
  const received = donationOf('d2', '200000', PRIMARY, { receivedAt: '2026-03-01T12:00:00.000Z' });
  const event = linkedExcessHeldEvent({
    excess: { donationId: 'd2', donorId: received.donor.donorId, electionId: PRIMARY, excessMinor: 50_000n },
    received,
    pack: fec2026,
    linkId: 'link-1',
    linkedDonorIds: ['dn_b', 'dn_a'],
    limitMinor: LIMIT,
    togetherMinor: 400_000n,
    metadata: metadataOf('d2'),
  });

  it('given $500 over the limit on a $2,000 gift, then $1,500 is kept and $500 held, refundable only, with the figures that made it', () => {
    expect(event.payload).toMatchObject({ receivedAmountMinor: '200000', acceptedAmountMinor: '150000', excessAmountMinor: '50000', remedies: ['refund'], ruleIds: ['individual-limit-per-election'] });
    expect(event.payload.figures).toMatchObject({ cause: 'donor_identities_linked', linkedDonorIds: 'dn_a dn_b', limitMinor: '350000', aggregateTogetherMinor: '400000' });
  });

  it('given a gift received on 1 March, then the remedy is due 60 days after receipt, as for any excess', () => {
    expect(event.payload.dueOn).toBe(excessRemedyFor(fec2026, received.receivedAt).dueOn);
  });

  it('given the same link applied again, then the held fact has the same id', () => {
    expect(linkedExcessHeldEvent({ excess: { donationId: 'd2', donorId: 'x', electionId: PRIMARY, excessMinor: 50_000n }, received, pack: fec2026, linkId: 'link-1', linkedDonorIds: [], limitMinor: LIMIT, togetherMinor: 0n, metadata: metadataOf('d2') }).eventId).toBe(event.eventId);
  });
});
