import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DonationAcceptedV1, RecordedEvent } from '#contracts';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { campaignTotalsProjection } from './campaign-totals.projection.js';
import { CampaignTotalsRow } from './campaign-totals.entity.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function accepted(position: number, donorId: string, amountMinor: number): RecordedEvent {
  const payload: DonationAcceptedV1 = {
    donationId: `don-${position}`,
    campaignId: 'camp-1',
    committeeId: 'cmte-1',
    donorId,
    electionId: 'general-2026',
    acceptedAmountMinor: String(amountMinor),
    currency: 'USD',
    aggregateAfterMinor: String(amountMinor),
    ruleIds: ['fec.individual-limit'],
    rulePackVersion: 'US-FEC-2025-26',
  };
  return {
    eventId: randomUUID(),
    type: 'DonationAccepted',
    version: 1,
    streamId: `donation-don-${position}`,
    revision: 1,
    position,
    recordedAt: '2026-03-01T12:00:00.000Z',
    hash: 'h',
    prevHash: 'p',
    payload,
    metadata: { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'cmte-1', donorId },
  } as RecordedEvent;
}

describe('campaign totals on a PostgreSQL server', () => {
  const schema = `totals_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 8 }, schema);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given six partitions applied at once, when 240 acceptances land, then no update is lost and replays change nothing', async () => {
    const runner = new ProjectionRunner(dataSource, [campaignTotalsProjection]);
    // Donor d<k> always lands in partition k % 6, as the committee+donor key does on Kafka.
    const partitions = Array.from({ length: 6 }, (_, p) =>
      Array.from({ length: 40 }, (_, i) => accepted(1 + p + i * 6, `d${p + 6 * (i % 5)}`, 100 + p)),
    );
    const play = (): Promise<void[]> =>
      Promise.all(partitions.map(async (events, p) => {
        for (const event of events) await runner.handle(event, `donations:${p}`);
      }));
    await play();
    await play(); // a redelivery of everything: the checkpoints make it a no-op
    const totals = await dataSource.getRepository(CampaignTotalsRow).findOneByOrFail({ campaignId: 'camp-1' });
    expect(totals).toMatchObject({
      donationCount: 240,
      uniqueDonors: 30,
      raisedMinor: String(40 * (100 + 101 + 102 + 103 + 104 + 105)),
      refundedMinor: '0',
    });
  }, 60_000);
});
