import { jest } from '@jest/globals';
import { CURRENT_VERSIONS, committeeStreamId, donationStreamId, donorAggregateStreamId, upcast, type NewEvent, type RecordedEvent } from '#contracts';
import { donorAggregateFold, initialDonorAggregate, linkDonorIdentities } from '#domain';
import { loadState } from '#ledger';
import { appendDonationStory, InMemoryLedger } from '#testing';
import { ComplianceHandler } from './compliance.handler.js';
import { linkedDonorsOf } from './linked-donors.js';

const COMMITTEE = 'c-link';
const [ADA, INITIAL, OTHER] = ['dn_ada', 'dn_initial', 'dn_other'];

async function ledgerWithCommittee(): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger({ atomic: true });
  const payload = {
    committeeId: COMMITTEE,
    name: 'Link for Congress',
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-12-29' }],
    defaultElectionId: 'g-2026',
  };
  const metadata = { occurredAt: '2025-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: COMMITTEE, actor: 'test' };
  await ledger.append(committeeStreamId(COMMITTEE), [{ eventId: 'committee-registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload, metadata } as NewEvent], 'no_stream');
  return ledger;
}

const received = async (ledger: InMemoryLedger, donationId: string): Promise<RecordedEvent> => upcast((await ledger.readStream(donationStreamId(donationId)))[0]);
const give = async (ledger: InMemoryLedger, donationId: string, donorId: string, amountMinor: number): Promise<RecordedEvent> => {
  await appendDonationStory(ledger, { campaignId: 'cmp', committeeId: COMMITTEE, donationId, donorId, amountMinor, acceptedMinor: 0, attestations: { usCitizenOrPermanentResident: true } });
  return received(ledger, donationId);
};
const acceptedOf = async (ledger: InMemoryLedger, donationId: string): Promise<string | null> => {
  const accepted = (await ledger.readStream(donationStreamId(donationId))).find((e) => e.type === 'DonationAccepted');
  return accepted ? (accepted.payload as { acceptedAmountMinor: string }).acceptedAmountMinor : null;
};
const aggregate = async (ledger: InMemoryLedger, donorId: string) => loadState(ledger, donorAggregateStreamId(COMMITTEE, donorId), donorAggregateFold);

async function link(ledger: InMemoryLedger, a: string, b: string): Promise<void> {
  const [own, other] = [await aggregate(ledger, a), await aggregate(ledger, b)];
  const command = { type: 'LinkDonorIdentities' as const, committeeId: COMMITTEE, donorId: a, linkedDonorId: b, officer: 'api-key:o', reason: 'one person', correlationId: 'l', decidedAt: '2026-12-06T12:00:00.000Z' };
  const [onA, onB] = linkDonorIdentities(command, own.state, other.state);
  await ledger.appendMany([
    { streamId: donorAggregateStreamId(COMMITTEE, a), events: [onA], expected: own.revision ?? 'no_stream' },
    { streamId: donorAggregateStreamId(COMMITTEE, b), events: [onB], expected: other.revision ?? 'no_stream' },
  ]);
}

describe('compliance handler: donors an officer linked count together (issue 14, item 12)', () => {
  describe('given Ada counted $3,000 and "A." $400 under another donor id, linked by an officer', () => {
    async function linked(): Promise<{ ledger: InMemoryLedger; handler: ComplianceHandler }> {
      const ledger = await ledgerWithCommittee();
      const handler = new ComplianceHandler(ledger);
      await handler.onDonationEvents([await give(ledger, 'd-ada', ADA, 300_000)]);
      await handler.onDonationEvents([await give(ledger, 'd-initial', INITIAL, 40_000)]);
      expect([await acceptedOf(ledger, 'd-ada'), await acceptedOf(ledger, 'd-initial')]).toEqual(['300000', '40000']);
      await link(ledger, ADA, INITIAL);
      return { ledger, handler };
    }

    it('when "A." gives $400 more in a batch beside another donor, then $100.00 fits under the $3,500 they share, and the other donor is decided alone', async () => {
      const { ledger, handler } = await linked();
      await handler.onDonationEvents([await give(ledger, 'd-initial-2', INITIAL, 40_000), await give(ledger, 'd-other', OTHER, 40_000)]);
      expect([await acceptedOf(ledger, 'd-initial-2'), await acceptedOf(ledger, 'd-other')]).toEqual(['10000', '40000']);
      // Counted on her own aggregate: a refund of it is reversed there, as for any donor.
      expect([...(await aggregate(ledger, INITIAL)).state.byElection.values()]).toEqual([50_000n]);
    });

    it('when Ada gives $600 on her own, then only $100.00 fits', async () => {
      const { ledger, handler } = await linked();
      await handler.onDonationEvents([await give(ledger, 'd-ada-2', ADA, 60_000)]);
      expect(await acceptedOf(ledger, 'd-ada-2')).toBe('10000');
    });

    it('when a third identity is linked to "A.", then Ada\'s next gift is judged against all three', async () => {
      const { ledger, handler } = await linked();
      await handler.onDonationEvents([await give(ledger, 'd-other', OTHER, 5_000)]);
      await link(ledger, INITIAL, OTHER);
      const group = await linkedDonorsOf(ledger, COMMITTEE, ADA, (await aggregate(ledger, ADA)).state);
      expect(group.map((g) => g.donorId).sort()).toEqual([INITIAL, OTHER]);
      await handler.onDonationEvents([await give(ledger, 'd-ada-3', ADA, 60_000)]);
      expect(await acceptedOf(ledger, 'd-ada-3')).toBe('5000');
    });
  });

  it('given a donor nobody linked, then no other aggregate is read', async () => {
    const ledger = await ledgerWithCommittee();
    const reads = jest.spyOn(ledger, 'readStream');
    expect(await linkedDonorsOf(ledger, COMMITTEE, ADA, initialDonorAggregate())).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
  });
});
