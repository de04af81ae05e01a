import { CURRENT_VERSIONS, committeeStreamId, donationStreamId, donorAggregateStreamId, upcast, type NewEvent, type RecordedEvent } from '#contracts';
import { appendDonationStory, InMemoryLedger } from '#testing';
import { ComplianceHandler } from './compliance.handler.js';

const COMMITTEE = 'c-rev';
const DONOR = 'dn_rev';

async function ledgerWithCommittee(): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger({ atomic: true });
  const payload = {
    committeeId: COMMITTEE,
    name: 'Reversal for Congress',
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }],
    defaultElectionId: 'g-2026',
  };
  const metadata = { occurredAt: '2025-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: COMMITTEE, actor: 'test' };
  await ledger.append(committeeStreamId(COMMITTEE), [{ eventId: 'committee-registered', type: 'CommitteeRegistered', version: CURRENT_VERSIONS.CommitteeRegistered, payload, metadata } as NewEvent], 'no_stream');
  return ledger;
}

const fact = (type: string, payload: Record<string, unknown>): NewEvent => ({
  eventId: `${type}-${payload.amountMinor as string}`,
  type,
  version: 1,
  payload,
  metadata: { occurredAt: '2026-06-02T12:00:00.000Z', correlationId: 'd-1', causationId: 'd-1', committeeId: COMMITTEE, donorId: DONOR },
});
const refund = (amountMinor: string) => fact('DonationRefunded', { donationId: 'd-1', campaignId: 'cmp', amountMinor, currency: 'USD', reason: 'donor asked', decidedBy: 'psp', pspReference: 'ch_d-1' });
const chargeback = (amountMinor: string) => fact('ChargebackReceived', { donationId: 'd-1', campaignId: 'cmp', amountMinor, currency: 'USD', reason: 'fraud', pspReference: 'ch_d-1' });

/** The donation's stream as the bus delivers it (current versions). */
const delivered = async (ledger: InMemoryLedger): Promise<RecordedEvent[]> => (await ledger.readStream(donationStreamId('d-1'))).map((e) => upcast(e));
const reversals = async (ledger: InMemoryLedger) =>
  (await ledger.readStream(donorAggregateStreamId(COMMITTEE, DONOR)))
    .filter((e) => e.type === 'ContributionReversed')
    .map((e) => {
      const { amountMinor, reason } = e.payload as { amountMinor: string; reason: string };
      return `${reason}:${amountMinor}`;
    });

describe('compliance handler: refunds and chargebacks reversed on the donor aggregate', () => {
  describe('given a $100.00 donation counted, then refunded $30.00 and charged back $70.00', () => {
    async function counted(): Promise<{ ledger: InMemoryLedger; handler: ComplianceHandler }> {
      const ledger = await ledgerWithCommittee();
      await appendDonationStory(ledger, { campaignId: 'cmp', committeeId: COMMITTEE, donationId: 'd-1', donorId: DONOR, amountMinor: 10_000, acceptedMinor: 0,
        attestations: { usCitizenOrPermanentResident: true },
      });
      const handler = new ComplianceHandler(ledger);
      await handler.onDonationEvents(await delivered(ledger));
      expect((await delivered(ledger)).map((e) => e.type)).toEqual(['DonationReceived', 'DonationAccepted']);
      await ledger.append(donationStreamId('d-1'), [refund('3000')], 'any');
      await ledger.append(donationStreamId('d-1'), [chargeback('7000')], 'any');
      return { ledger, handler };
    }

    it('when each is handled as it arrives, then each is reversed for its own amount and reason', async () => {
      const { ledger, handler } = await counted();
      const [, , refunded, chargedBack] = await delivered(ledger);
      await handler.onDonationEvents([refunded]);
      await handler.onDonationEvents([chargedBack]);
      expect(await reversals(ledger)).toEqual(['refund:3000', 'chargeback:7000']);
    });

    it('when the handler runs behind, so the refund is handled after the chargeback was recorded, then it still reverses each for its own', async () => {
      const { ledger, handler } = await counted();
      const [, , refunded, chargedBack] = await delivered(ledger);
      // Read whole, the donation stream at the refund's handling already holds the chargeback.
      await handler.onDonationEvents([refunded, chargedBack]);
      expect(await reversals(ledger)).toEqual(['refund:3000', 'chargeback:7000']);
    });

    it('when both are delivered again, on this process and on a fresh one, then nothing more is reversed', async () => {
      const { ledger, handler } = await counted();
      const [, , refunded, chargedBack] = await delivered(ledger);
      await handler.onDonationEvents([refunded, chargedBack]);
      await handler.onDonationEvents([refunded, chargedBack]);
      await new ComplianceHandler(ledger).onDonationEvents([chargedBack, refunded]);
      expect(await reversals(ledger)).toEqual(['refund:3000', 'chargeback:7000']);
    });
  });
});
