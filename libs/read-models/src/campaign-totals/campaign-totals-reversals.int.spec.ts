import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { campaignTotalsProjection } from './campaign-totals.projection.js';
import { CampaignTotalsRow } from './campaign-totals.entity.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Ledger facts of one campaign's donations, each with the next global position. */
function ledger(campaignId: string) {
  let position = 0;
  const event = (type: string, donationId: string, payload: Record<string, unknown>): RecordedEvent =>
    ({
      eventId: randomUUID(),
      type,
      version: 1,
      streamId: `donation-${donationId}`,
      revision: 0,
      position: ++position,
      recordedAt: '2026-03-01T12:00:00.000Z',
      hash: 'h',
      prevHash: 'p',
      payload: { donationId, campaignId, ...payload },
      metadata: { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'cmte-1', donorId: `donor-${donationId}` },
    }) as RecordedEvent;
  return {
    received: (donationId: string, amountMinor: number) =>
      ({ ...event('DonationReceived', donationId, { amountMinor: String(amountMinor), committeeId: 'cmte-1', currency: 'USD' }), version: 2 }) as RecordedEvent,
    accepted: (donationId: string, amountMinor: number) =>
      event('DonationAccepted', donationId, {
        committeeId: 'cmte-1',
        donorId: `donor-${donationId}`,
        electionId: null,
        acceptedAmountMinor: String(amountMinor),
        currency: 'USD',
        aggregateAfterMinor: String(amountMinor),
        ruleIds: [],
        rulePackVersion: 'v',
      }),
    refunded: (donationId: string, amountMinor: number) =>
      event('DonationRefunded', donationId, { amountMinor: String(amountMinor), currency: 'USD', reason: 'r', decidedBy: 'psp', pspReference: 'ch' }),
    chargedBack: (donationId: string, amountMinor: number) =>
      event('ChargebackReceived', donationId, { amountMinor: String(amountMinor), currency: 'USD', reason: 'fraud', pspReference: 'ch' }),
  };
}

describe('campaign totals after refunds and chargebacks, on a PostgreSQL server', () => {
  const schema = `reversals_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, schema);
    runner = new ProjectionRunner(dataSource, [campaignTotalsProjection]);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const play = async (events: RecordedEvent[]): Promise<void> => {
    // Each donation's facts share a partition, as the committee+donor key gives them on Kafka.
    for (const event of events) await runner.handle(event, `donations:${event.streamId}`);
  };
  const totals = (campaignId: string) => dataSource.getRepository(CampaignTotalsRow).findOneByOrFail({ campaignId });

  it('given a donation accepted, then partly refunded and the rest partly charged back, then the totals take off each once, however often delivered', async () => {
    const l = ledger('camp-a');
    const events = [l.received('a1', 10_000), l.accepted('a1', 10_000), l.refunded('a1', 3_000), l.chargedBack('a1', 2_000)];
    await play(events);
    await play(events);
    await play(events.slice(2));
    expect(await totals('camp-a')).toMatchObject({ raisedMinor: '10000', refundedMinor: '3000', chargedBackMinor: '2000', donationCount: 1 });
  });

  it('given a rejected donation refunded in full, then the totals do not change', async () => {
    const l = ledger('camp-b');
    await play([l.received('b1', 5_000), l.accepted('b1', 5_000)]);
    await play([l.received('b2', 7_000), l.refunded('b2', 7_000)]);
    expect(await totals('camp-b')).toMatchObject({ raisedMinor: '5000', refundedMinor: '0', chargedBackMinor: '0' });
  });

  it('given a refund that arrived before the acceptance, then it is taken off once the money is accepted', async () => {
    const l = ledger('camp-c');
    await play([l.received('c1', 4_000), l.refunded('c1', 1_000), l.accepted('c1', 4_000)]);
    expect(await totals('camp-c')).toMatchObject({ raisedMinor: '4000', refundedMinor: '1000' });
  });

  it('given a donation accepted for $60.00 of $100.00, then refunding the $40.00 excess takes nothing off, and more does', async () => {
    const l = ledger('camp-d');
    await play([l.received('d1', 10_000), l.accepted('d1', 6_000), l.refunded('d1', 4_000)]);
    expect(await totals('camp-d')).toMatchObject({ raisedMinor: '6000', refundedMinor: '0' });
    await play([l.refunded('d1', 1_000)]);
    expect(await totals('camp-d')).toMatchObject({ raisedMinor: '6000', refundedMinor: '1000' });
  });

  it('given a surge applied as one batch (donors giving twice, two campaigns, refunds before and after decisions, a chargeback), then every table holds what one event at a time leaves', async () => {
    const a = ledger('camp-e');
    const b = ledger('camp-f');
    const events = [
      a.received('e1', 1_000), a.received('e2', 2_000), b.received('f1', 3_000), a.accepted('e1', 1_000),
      a.refunded('e2', 500), a.accepted('e2', 2_000), b.accepted('f1', 2_500), a.received('e3', 4_000),
      a.accepted('e3', 4_000), a.chargedBack('e1', 1_000), a.received('e4', 100), a.accepted('e4', 100), b.refunded('f1', 600),
    ];
    // Two of camp-e's gifts come from one donor, as a donor giving twice in a surge.
    for (const event of events) if (['e3', 'e4'].includes((event.payload as { donationId: string }).donationId)) event.metadata.donorId = 'donor-e3';
    for (const event of events) if (event.type === 'DonationAccepted' && event.metadata.donorId === 'donor-e3') (event.payload as { donorId: string }).donorId = 'donor-e3';
    const oneByOne = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 1 }, `${schema}_seq`);
    try {
      const sequential = new ProjectionRunner(oneByOne, [campaignTotalsProjection]);
      for (const event of events) await sequential.handle(event, 'donations:0');
      await runner.handleBatch(events, 'donations:0');
      await runner.handleBatch(events, 'donations:0');
      const tables = ['campaign_totals', 'campaign_donors', 'campaign_donations'];
      for (const table of tables) {
        const rows = (source: DataSource, s: string) => source.query(`SELECT * FROM "${s}".${table} WHERE campaign_id IN ('camp-e', 'camp-f') ORDER BY 1, 2`);
        expect(await rows(dataSource, schema)).toEqual(await rows(oneByOne, `${schema}_seq`));
      }
      expect(await totals('camp-e')).toMatchObject({ raisedMinor: '7100', refundedMinor: '500', chargedBackMinor: '1000', donationCount: 4, uniqueDonors: 3 });
    } finally {
      await oneByOne.query(`DROP SCHEMA "${schema}_seq" CASCADE`);
      await oneByOne.destroy();
    }
  });
});
