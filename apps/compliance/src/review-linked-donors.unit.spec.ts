import type { DataSource } from 'typeorm';
import { CURRENT_VERSIONS, committeeStreamId, donationStreamId, donorAggregateStreamId, upcast, type NewEvent } from '#contracts';
import { donorAggregateFold, linkDonorIdentities, Rejection } from '#domain';
import { loadState } from '#ledger';
import { InMemoryLedger } from '#testing';
import { ComplianceHandler } from './compliance.handler.js';
import { ReviewEffects } from './review-effects.js';
import { ReviewService } from './review.service.js';

const COMMITTEE = 'c-redesignate';
const [ADA, INITIAL] = ['dn_ada', 'dn_initial'];
const readModels = { getRepository: () => ({ upsert: async () => undefined }) } as unknown as DataSource;
const metadata = (donorId: string) => ({ occurredAt: '2026-12-01T15:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: COMMITTEE, donorId });

async function received(ledger: InMemoryLedger, handler: ComplianceHandler, donationId: string, donorId: string, amountMinor: string, electionId: string): Promise<void> {
  const payload = {
    donationId, campaignId: 'cmp', committeeId: COMMITTEE, amountMinor, currency: 'USD', electionId, receivedAt: '2026-12-01T15:00:00.000Z',
    donor: { donorId, type: 'individual', sealed: null, detailsGiven: null, attestations: { usCitizenOrPermanentResident: true } }, payment: { method: 'card', pspReference: `ch_${donationId}` },
  };
  await ledger.append(donationStreamId(donationId), [{ eventId: `received-${donationId}`, type: 'DonationReceived', version: 3, payload, metadata: metadata(donorId) } as NewEvent], 'no_stream');
  await handler.onDonationEvents([upcast((await ledger.readStream(donationStreamId(donationId)))[0])]);
}

describe('redesignating an excess to an election where a linked donor gave (issue 14, item 12)', () => {
  it('given Ada\'s $500 excess for the general and "A." (linked to her) $3,400 for the runoff, when an officer redesignates it to the runoff, then remedy_exceeds_limit; $100 fits', async () => {
    const ledger = new InMemoryLedger({ atomic: true });
    const committee = { committeeId: COMMITTEE, name: 'Runoff for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-12-15' }, { electionId: 'r-2026', kind: 'general', date: '2026-12-29' }], defaultElectionId: 'g-2026' };
    await ledger.append(committeeStreamId(COMMITTEE), [{ eventId: 'registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload: committee, metadata: metadata(ADA) } as NewEvent], 'no_stream');
    const handler = new ComplianceHandler(ledger);
    await received(ledger, handler, 'd-ada', ADA, '400000', 'g-2026');
    await received(ledger, handler, 'd-initial', INITIAL, '340000', 'r-2026');
    const [own, other] = await Promise.all([ADA, INITIAL].map((id) => loadState(ledger, donorAggregateStreamId(COMMITTEE, id), donorAggregateFold)));
    const link = { type: 'LinkDonorIdentities' as const, committeeId: COMMITTEE, donorId: ADA, linkedDonorId: INITIAL, officer: 'api-key:o', reason: 'one person', correlationId: 'l', decidedAt: '2026-12-06T12:00:00.000Z' };
    const [onAda, onInitial] = linkDonorIdentities(link, own.state, other.state);
    await ledger.append(donorAggregateStreamId(COMMITTEE, ADA), [onAda], own.revision ?? 'no_stream');
    await ledger.append(donorAggregateStreamId(COMMITTEE, INITIAL), [onInitial], other.revision ?? 'no_stream');

    const reviews = new ReviewService(ledger, readModels, new ReviewEffects(ledger));
    const redesignate = (amountMinor: bigint | null) => reviews.decide('d-ada', { item: 'excess', decision: 'redesignate', reason: 'donor asked', amountMinor, toElectionId: 'r-2026', toDonorId: null }, { officer: 'api-key:o', correlationId: 'r', now: '2026-12-06T13:00:00.000Z' });
    await expect(redesignate(null)).rejects.toEqual(expect.objectContaining({ code: 'remedy_exceeds_limit' }));
    await expect(redesignate(null)).rejects.toBeInstanceOf(Rejection);
    expect((await redesignate(10_000n)).type).toBe('ExcessRedesignated');
  });
});
