import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SqlLedgerStore } from '#ledger';
import { appendDonationStory, LiveFeed } from '#testing';
import { EmbeddedDatabase } from '#sql';
import { READ_MODEL_PROJECTIONS } from '../registry.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { compareTable, shapeOf } from './compare-schemas.js';
import { foldLedger } from './ledger-fold.js';
import { schemaOf } from './replay.js';
import { openScratchSchema, type ScratchSchema } from './scratch-schema.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The fold's fast path (lanes side by side, and rows looked up only for keys the fold wrote
 * before) against the live runner, partition by partition, as the oracle. Pages of one or two
 * events put every later fact of a donation, and every repeat donor's gift, on another page than
 * the row it changes: a fold that failed to read those rows back would start them from nothing.
 */
describe('folding the ledger into a schema the fold owns', () => {
  let ledgerDb: EmbeddedDatabase;
  let ledger: SqlLedgerStore;
  let live: DataSource;
  const schema = `live_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ledgerDb = await EmbeddedDatabase.open('memory');
    ledger = await SqlLedgerStore.open(ledgerDb);
    live = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, schema);
    const base = { committeeId: 'cmte-f' };
    await appendDonationStory(ledger, { ...base, campaignId: 'spring-f', donationId: 'f-d1', donorId: 'dn_ada', amountMinor: 10_000, refundedMinor: 2_500 });
    await appendDonationStory(ledger, { ...base, campaignId: 'spring-f', donationId: 'f-d2', donorId: 'dn_ada', amountMinor: 5_000, chargedBackMinor: 1_000 });
    await appendDonationStory(ledger, { ...base, campaignId: 'spring-f', donationId: 'f-d3', donorId: 'dn_bob', amountMinor: 400_000, acceptedMinor: 350_000, refundedMinor: 50_000 });
    await appendDonationStory(ledger, { ...base, campaignId: 'spring-f', donationId: 'f-d4', donorId: 'dn_ada', amountMinor: 900, acceptedMinor: 0, refundedMinor: 900 });
    const runner = new ProjectionRunner(live, READ_MODEL_PROJECTIONS.map((p) => p.handler));
    await new LiveFeed(ledger, (event, partition) => runner.handle(event, partition)).catchUp();
  });

  afterAll(async () => {
    await live.query(`DROP SCHEMA "${schema}" CASCADE`);
    await live.destroy();
    await ledger.close();
    await ledgerDb.close();
  });

  async function differences(scratch: ScratchSchema): Promise<string[]> {
    const tables = [];
    for (const projection of READ_MODEL_PROJECTIONS) {
      for (const entity of projection.entities) tables.push(await compareTable(live, schemaOf(live), scratch.schema, shapeOf(live, entity)));
    }
    expect(tables.some((t) => t.replayed.rows > 0)).toBe(true);
    return tables.flatMap((t) => t.differences);
  }

  /** Folds into a fresh scratch schema with `fold`, then answers its differences from the live one; the schema is dropped after. */
  async function differencesAfter(fold: (scratch: ScratchSchema) => Promise<void>): Promise<string[]> {
    const scratch = await openScratchSchema(live, 'replay');
    try {
      await fold(scratch);
      return await differences(scratch);
    } finally {
      await scratch.drop();
    }
  }

  it.each([1, 2, 3, 5000])('given pages of %i events, when folded from 0 into a fresh schema, then every table is the live one, row for row', async (pageSize) => {
    const found = await differencesAfter(async (scratch) => {
      const fold = await foldLedger(ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo: await ledger.headPosition(), pageSize });
      expect(fold.lastPosition).toBe(await ledger.headPosition());
    });
    expect(found).toEqual([]);
  });

  it('given a fold stopped halfway, when folded on from there in pages of one, then every table is the live one (rows of keys written before the fold began are read)', async () => {
    const found = await differencesAfter(async (scratch) => {
      const head = (await ledger.headPosition()) as number;
      const half = Math.floor(head / 2);
      await foldLedger(ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo: half, pageSize: 1 });
      await foldLedger(ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo: head, after: half, pageSize: 1 });
    });
    expect(found).toEqual([]);
  });

  it('given a schema already folded, when folded again from 0, then nothing changes (every event is at or before the checkpoint of its projection)', async () => {
    const found = await differencesAfter(async (scratch) => {
      const upTo = await ledger.headPosition();
      await foldLedger(ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo, pageSize: 2 });
      await foldLedger(ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo, pageSize: 2 });
    });
    expect(found).toEqual([]);
  });
});
