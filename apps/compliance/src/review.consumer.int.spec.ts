import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CURRENT_VERSIONS, donationStreamId, reviewStreamId, type NewEvent, type RecordedEvent } from '#contracts';
import { schemaDataSource } from '#sql';
import { InMemoryLedger } from '#testing';
import { REVIEW_INDEX_TABLES, ReviewIndexRow } from './review/review-index.entity.js';
import { ReviewConsumer } from './review.consumer.js';
import { ReviewEffects } from './review-effects.js';
import { ReviewService } from './review.service.js';

/*
 * The review queue's index kept a partition's batch at a time, on a PostgreSQL server: the
 * batch's donations and reviews read from the ledger in one round trip, their rows written in
 * one statement.
 */

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const metadata = { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'c-1', actor: 'test' };

const event = (eventId: string, type: keyof typeof CURRENT_VERSIONS, payload: object): NewEvent => ({ eventId, type, version: CURRENT_VERSIONS[type], payload, metadata }) as NewEvent;

/** A donation of $50.00 whose donor's details are missing: one best-efforts item, due on `dueOn`. */
async function donationAskingForDetails(ledger: InMemoryLedger, donationId: string, dueOn: string): Promise<RecordedEvent> {
  const received = { donationId, committeeId: 'c-1', campaignId: 'cmp', amountMinor: '5000', currency: 'USD', receivedAt: '2026-03-01T12:00:00.000Z', donor: { donorId: `dn-${donationId}` } };
  const opened = { donationId, campaignId: 'cmp', committeeId: 'c-1', donorId: `dn-${donationId}`, missingDetails: ['employer'], dueOn, ruleIds: [], rulePackVersion: 'test' };
  await ledger.append(donationStreamId(donationId), [event(`${donationId}-received`, 'DonationReceived', received), event(`${donationId}-best-efforts`, 'BestEffortsRequestOpened', opened)], 'no_stream');
  return (await ledger.readStream(donationStreamId(donationId)))[1];
}

describe('the review index, a batch at a time (PostgreSQL)', () => {
  const schema = `review_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = schemaDataSource({ kind: 'postgres', url, poolSize: 2 }, schema, { tables: [REVIEW_INDEX_TABLES], migrationsTableName: 'review_migrations', defaultPoolSize: 2 });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  }, 60_000);

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const start = () => {
    const ledger = new InMemoryLedger({ atomic: true });
    const effects = new ReviewEffects(ledger);
    return { ledger, consumer: new ReviewConsumer(new ReviewService(ledger, dataSource, effects), effects) };
  };
  const rows = async (...ids: string[]) =>
    (await dataSource.getRepository(ReviewIndexRow).findBy(ids.map((donationId) => ({ donationId })))).sort((a, b) => a.donationId.localeCompare(b.donationId));

  it('given two donations each opening an item, when a batch delivers both (one twice), then both rows are written from one read of the ledger', async () => {
    const { ledger, consumer } = start();
    const [a, b] = [await donationAskingForDetails(ledger, 'rv-a', '2026-04-01'), await donationAskingForDetails(ledger, 'rv-b', '2026-03-20')];
    const reads = ledger.reads;
    await consumer.onDonationEvents([a, b, a]);
    expect(ledger.reads - reads).toBe(1);
    const written = await rows('rv-a', 'rv-b');
    expect(written.map((r) => [r.donationId, r.committeeId, r.openItems, r.nextDueOn])).toEqual([
      ['rv-a', 'c-1', 1, '2026-04-01'],
      ['rv-b', 'c-1', 1, '2026-03-20'],
    ]);

    await consumer.onDonationEvents([b, a]);
    expect(await rows('rv-a', 'rv-b')).toEqual(written);
  });

  it('given an indexed donation, when a batch of compliance events closes its item and raises a suspicion on another, then both rows follow the ledger', async () => {
    const { ledger, consumer } = start();
    await consumer.onDonationEvents([await donationAskingForDetails(ledger, 'rv-c', '2026-04-01'), await donationAskingForDetails(ledger, 'rv-d', '2026-04-02')]);
    const approved = event('rv-c-approved', 'ReviewItemApproved', { donationId: 'rv-c', committeeId: 'c-1', item: 'best_efforts', officer: 'api-key:officer', reason: 'asked' });
    const suspected = event('rv-d-suspected', 'StructuringSuspected', { donationId: 'rv-d', campaignId: 'cmp', committeeId: 'c-1', donorId: 'dn-rv-d', amountMinor: '5000', currency: 'USD', receivedAt: '2026-03-01T12:00:00.000Z', findings: [], ruleIds: [], rulePackVersion: 'test', reviewDueOn: '2026-03-15' });
    await ledger.append(reviewStreamId('rv-c'), [approved], 'no_stream');
    await ledger.append(reviewStreamId('rv-d'), [suspected], 'no_stream');
    const delivered = [...(await ledger.readStream(reviewStreamId('rv-c'))), ...(await ledger.readStream(reviewStreamId('rv-d')))];
    const reads = ledger.reads;
    await consumer.onComplianceEvents(delivered);
    expect(ledger.reads - reads).toBe(1);
    expect((await rows('rv-c', 'rv-d')).map((r) => [r.donationId, r.openItems, r.nextDueOn])).toEqual([
      ['rv-c', 0, null],
      ['rv-d', 2, '2026-03-15'],
    ]);
  });
});
