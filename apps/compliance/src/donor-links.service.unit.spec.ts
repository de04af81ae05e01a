import { CURRENT_VERSIONS, committeeStreamId, donationStreamId, donorAggregateStreamId, upcast, type DonorIdentitiesLinkedV1, type NewEvent, type RecordedEvent } from '#contracts';
import { committeeFold, donorAggregateFold, linkDonorIdentities } from '#domain';
import { loadState } from '#ledger';
import { appendDonationStory, InMemoryLedger } from '#testing';
import { ComplianceHandler } from './compliance.handler.js';
import { DonorLinksService } from './donor-links.service.js';
import type { ReviewService } from './review.service.js';

const COMMITTEE = 'c-hold';
const [ADA, INITIAL] = ['dn_ada', 'dn_initial'];
const reviews = { refreshIndexes: async () => undefined } as unknown as ReviewService;
const ctx = { officer: 'api-key:o', correlationId: 'corr', now: '2026-12-06T12:00:00.000Z' };

async function givenTwoDonors(): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger({ atomic: true });
  const payload = { committeeId: COMMITTEE, name: 'Hold for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-12-29' }], defaultElectionId: 'g-2026' };
  const metadata = { occurredAt: '2025-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: COMMITTEE, actor: 'test' };
  await ledger.append(committeeStreamId(COMMITTEE), [{ eventId: 'committee-registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload, metadata } as NewEvent], 'no_stream');
  const handler = new ComplianceHandler(ledger);
  for (const [donationId, donorId, amountMinor] of [['d-ada', ADA, 300_000], ['d-initial', INITIAL, 200_000]] as const) {
    await appendDonationStory(ledger, { campaignId: 'cmp', committeeId: COMMITTEE, donationId, donorId, amountMinor, acceptedMinor: 0, attestations: { usCitizenOrPermanentResident: true } });
    await handler.onDonationEvents([upcast((await ledger.readStream(donationStreamId(donationId)))[0])]);
  }
  return ledger;
}

const heldOn = async (ledger: InMemoryLedger, donationId: string): Promise<string[]> =>
  (await ledger.readStream(donationStreamId(donationId))).filter((e) => e.type === 'ExcessiveContributionHeld').map((e) => (e.payload as { excessAmountMinor: string }).excessAmountMinor);
const linkFacts = async (ledger: InMemoryLedger): Promise<RecordedEvent<'DonorIdentitiesLinked', DonorIdentitiesLinkedV1>[]> =>
  (await Promise.all([ADA, INITIAL].map((id) => ledger.readStream(donorAggregateStreamId(COMMITTEE, id))))).flat().filter((e) => e.type === 'DonorIdentitiesLinked') as RecordedEvent<'DonorIdentitiesLinked', DonorIdentitiesLinkedV1>[];

describe('the excess a donor link creates (issue 14, item 12)', () => {
  describe('given Ada counted $3,000 and "A." $2,000 under two donor ids', () => {
    it('when an officer links them, then $1,500 is held on the later gift, and the facts of the link delivered again hold nothing more', async () => {
      const ledger = await givenTwoDonors();
      const service = new DonorLinksService(ledger, reviews);
      const committee = (await loadState(ledger, committeeStreamId(COMMITTEE), committeeFold)).state;
      if (committee.status !== 'registered') throw new Error('committee not registered');
      const result = await service.link(committee, { donorId: ADA, linkedDonorId: INITIAL, reason: 'one person' }, ctx);
      expect(result.held).toEqual([expect.objectContaining({ donationId: 'd-initial', donorId: INITIAL, excessMinor: 150_000n })]);
      for (const fact of await linkFacts(ledger)) await service.holdAfterLink(fact);
      expect([await heldOn(ledger, 'd-ada'), await heldOn(ledger, 'd-initial')]).toEqual([[], ['150000']]);
    });

    it('when the officer\'s request stopped after the link, then the bus holds the $1,500 once, however often the facts come', async () => {
      const ledger = await givenTwoDonors();
      const [own, other] = await Promise.all([ADA, INITIAL].map((id) => loadState(ledger, donorAggregateStreamId(COMMITTEE, id), donorAggregateFold)));
      const command = { type: 'LinkDonorIdentities' as const, committeeId: COMMITTEE, donorId: ADA, linkedDonorId: INITIAL, officer: 'api-key:o', reason: 'one person', correlationId: 'corr', decidedAt: ctx.now };
      const [onAda, onInitial] = linkDonorIdentities(command, own.state, other.state);
      await ledger.appendMany([
        { streamId: donorAggregateStreamId(COMMITTEE, ADA), events: [onAda], expected: own.revision ?? 'no_stream' },
        { streamId: donorAggregateStreamId(COMMITTEE, INITIAL), events: [onInitial], expected: other.revision ?? 'no_stream' },
      ]);
      const service = new DonorLinksService(ledger, reviews);
      const facts = await linkFacts(ledger);
      for (const fact of [...facts, ...facts]) await service.holdAfterLink(fact);
      expect([await heldOn(ledger, 'd-ada'), await heldOn(ledger, 'd-initial')]).toEqual([[], ['150000']]);
    });
  });
});

describe('undoing a donor link made in error (issue 14, item 12)', () => {
  const registered = async (ledger: InMemoryLedger) => {
    const committee = (await loadState(ledger, committeeStreamId(COMMITTEE), committeeFold)).state;
    if (committee.status !== 'registered') throw new Error('committee not registered');
    return committee;
  };
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'none', (e: unknown) => (e as { code?: string }).code ?? String(e));

  describe('given Ada and "A." linked by an officer', () => {
    it('when the officer undoes the link by its id, then both aggregates record it and each counts alone again', async () => {
      const ledger = await givenTwoDonors();
      const service = new DonorLinksService(ledger, reviews);
      const committee = await registered(ledger);
      const { linkId } = await service.link(committee, { donorId: ADA, linkedDonorId: INITIAL, reason: 'one person' }, ctx);
      const undone = await service.unlink(committee, linkId, 'two people: mother and daughter', { ...ctx, now: '2026-12-07T09:00:00.000Z' });
      expect(undone).toEqual({ linkId, donorId: ADA, linkedDonorId: INITIAL, unlinkedAt: '2026-12-07T09:00:00.000Z' });
      const states = await Promise.all([ADA, INITIAL].map((id) => loadState(ledger, donorAggregateStreamId(COMMITTEE, id), donorAggregateFold)));
      expect(states.map((s) => [...s.state.linkedDonorIds])).toEqual([[], []]);
      // The link's facts delivered again after it was undone hold nothing more.
      for (const fact of await linkFacts(ledger)) await service.holdAfterLink(fact);
      expect(await heldOn(ledger, 'd-ada')).toEqual([]);
    });

    it('when the officer undoes it twice, then donor_link_already_revoked; an id the committee never had: donor_link_not_found', async () => {
      const ledger = await givenTwoDonors();
      const service = new DonorLinksService(ledger, reviews);
      const committee = await registered(ledger);
      const { linkId } = await service.link(committee, { donorId: ADA, linkedDonorId: INITIAL, reason: 'one person' }, ctx);
      await service.unlink(committee, linkId, 'in error', ctx);
      expect(await codeOf(service.unlink(committee, linkId, 'in error', ctx))).toBe('donor_link_already_revoked');
      expect(await codeOf(service.unlink(committee, '00000000-0000-8000-8000-000000000000', 'in error', ctx))).toBe('donor_link_not_found');
    });
  });
});
