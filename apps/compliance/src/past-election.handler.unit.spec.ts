import { CURRENT_VERSIONS, committeeStreamId, donationStreamId, upcast, type NewEvent, type RecordedEvent } from '#contracts';
import { InMemoryLedger } from '#testing';
import { ComplianceHandler } from './compliance.handler.js';
import { ReviewEffects } from './review-effects.js';

// Issue 14, item 5: the handler gives each decision the net debts still outstanding from the
// election (11 CFR 110.1(b)(3)) and counts them down on the committee's stream, guarded by its
// revision: on a ledger that appends streams atomically, gifts of different donors decided at
// once never keep the same dollar twice (one appending a stream at a time cannot promise that).
const COMMITTEE = 'c-debts';
const metadata = (occurredAt: string, donorId?: string) => ({ occurredAt, correlationId: 'c', causationId: 'c', committeeId: COMMITTEE, actor: 'test', ...(donorId ? { donorId } : {}) });

async function committeeOwing(ledger: InMemoryLedger, netDebtsMinor: string): Promise<void> {
  const registered = {
    committeeId: COMMITTEE, name: 'Debts for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', registeredBy: 'test', tenantId: 'default', timeZone: 'America/New_York', timeZoneDefaulted: true,
    elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }, { electionId: 'g-2028', kind: 'general', date: '2028-11-07' }],
    defaultElectionId: 'g-2028',
  };
  const debts = { committeeId: COMMITTEE, electionId: 'g-2026', netDebtsMinor, asOf: '2026-11-20', reason: 'post-general report', recordedBy: 'officer' };
  await ledger.append(committeeStreamId(COMMITTEE), [
    { eventId: 'registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload: registered, metadata: metadata('2025-01-01T00:00:00.000Z') } as NewEvent,
    { eventId: 'debts', type: 'ElectionNetDebtsRecorded', version: 1, payload: debts, metadata: metadata('2026-11-20T15:00:00.000Z') } as NewEvent,
  ], 'no_stream');
}

/** $500.00 for the 2026 general from its own donor, received three weeks after it (10:00 in New York). */
async function giftAfterTheGeneral(ledger: InMemoryLedger, donationId: string): Promise<RecordedEvent> {
  const donorId = `dn_${donationId}`;
  const payload = {
    donationId, campaignId: 'cmp', committeeId: COMMITTEE, amountMinor: '50000', currency: 'USD', electionId: 'g-2026', receivedAt: '2026-11-25T15:00:00.000Z',
    donor: { donorId, type: 'individual', sealed: null, detailsGiven: null, attestations: { usCitizenOrPermanentResident: true } }, payment: { method: 'card', pspReference: `ch_${donationId}` },
  };
  await ledger.append(donationStreamId(donationId), [{ eventId: `received-${donationId}`, type: 'DonationReceived', version: 3, payload, metadata: metadata('2026-11-25T15:00:00.000Z', donorId) } as NewEvent], 'no_stream');
  return upcast((await ledger.readStream(donationStreamId(donationId)))[0]);
}

const keptOf = async (ledger: InMemoryLedger, donationId: string) =>
  ((await ledger.readStream(donationStreamId(donationId))).find((e) => e.type === 'DonationAccepted')?.payload as { acceptedAmountMinor: string } | undefined)?.acceptedAmountMinor;
const appliedOn = async (ledger: InMemoryLedger) =>
  (await ledger.readStream(committeeStreamId(COMMITTEE))).filter((e) => e.type === 'NetDebtsContributionApplied').map((e) => (e.payload as { appliedMinor: string }).appliedMinor);

describe('compliance handler: gifts for an election already held, against its recorded net debts', () => {
  for (const atomic of [true, false]) {
    describe(`given $600.00 of net debts recorded for the 2026 general (${atomic ? 'atomic' : 'one stream at a time'} ledger)`, () => {
      it('when two $500.00 gifts are decided in one batch, then $500.00 and $100.00 are kept and the debts are counted down to $0', async () => {
        const ledger = new InMemoryLedger({ atomic });
        await committeeOwing(ledger, '60000');
        const gifts = [await giftAfterTheGeneral(ledger, 'd-1'), await giftAfterTheGeneral(ledger, 'd-2')];
        await new ComplianceHandler(ledger).onDonationEvents(gifts);
        expect([await keptOf(ledger, 'd-1'), await keptOf(ledger, 'd-2')]).toEqual(['50000', '10000']);
        expect(await appliedOn(ledger)).toEqual(['50000', '10000']);
      });

      it('when a decided gift is delivered again, then nothing more is applied to the debts', async () => {
        const ledger = new InMemoryLedger({ atomic });
        await committeeOwing(ledger, '60000');
        const gift = await giftAfterTheGeneral(ledger, 'd-1');
        await new ComplianceHandler(ledger).onDonationEvents([gift]);
        await new ComplianceHandler(ledger).onDonationEvents([gift]);
        expect(await appliedOn(ledger)).toEqual(['50000']);
      });
    });
  }

  describe('given $600.00 of net debts and a ledger that appends streams atomically', () => {
    it('when another replica keeps $300.00 against the debts between our read and our append, then we lose the race, read again and keep only the $300.00 left', async () => {
      const ledger = new RivalFirstLedger();
      await committeeOwing(ledger, '60000');
      const gift = await giftAfterTheGeneral(ledger, 'd-1');
      await new ComplianceHandler(ledger).onDonationEvents([gift]);
      expect(ledger.rivalWritten).toBe(true);
      expect(await keptOf(ledger, 'd-1')).toBe('30000');
      expect(await appliedOn(ledger)).toEqual(['30000', '30000']);
      expect((await ledger.readStream(donationStreamId('d-1'))).find((e) => e.type === 'ExcessiveContributionHeld')?.payload).toMatchObject({ excessAmountMinor: '20000' });
    });
  });
});

describe('review effects: an officer clears a questionable source of a gift for an election already held', () => {
  it('given $300.00 of net debts, when the $500.00 gift is approved, then $300.00 is kept against them and $200.00 held', async () => {
    const ledger = new InMemoryLedger({ atomic: true });
    await committeeOwing(ledger, '30000');
    await giftAfterTheGeneral(ledger, 'd-q');
    const approval = { committeeId: COMMITTEE, donationId: 'd-q', item: 'questionable_source', officer: 'api-key:officer', reason: 'citizenship shown' };
    await ledger.append('review-d-q', [{ eventId: 'approved-d-q', type: 'ReviewItemApproved', version: CURRENT_VERSIONS.ReviewItemApproved, payload: approval, metadata: metadata('2026-11-27T15:00:00.000Z') } as NewEvent], 'no_stream');
    await new ReviewEffects(ledger).apply((await ledger.readStream('review-d-q'))[0]);
    expect(await keptOf(ledger, 'd-q')).toBe('30000');
    expect(await appliedOn(ledger)).toEqual(['30000']);
  });
});

/** Atomic, and on the first multi-stream append a rival's gift is applied to the debts first. */
class RivalFirstLedger extends InMemoryLedger {
  rivalWritten = false;

  constructor() {
    super({ atomic: true });
  }

  override async appendMany(requests: Parameters<InMemoryLedger['appendMany']>[0]) {
    if (!this.rivalWritten && requests.some((r) => r.streamId === committeeStreamId(COMMITTEE))) {
      this.rivalWritten = true;
      const rival = { committeeId: COMMITTEE, electionId: 'g-2026', donationId: 'd-rival', appliedMinor: '30000', netDebtsRemainingMinor: '30000' };
      await this.append(committeeStreamId(COMMITTEE), [{ eventId: 'rival', type: 'NetDebtsContributionApplied', version: 1, payload: rival, metadata: metadata('2026-11-25T15:00:00.000Z') } as NewEvent], 'any');
    }
    return super.appendMany(requests);
  }
}
