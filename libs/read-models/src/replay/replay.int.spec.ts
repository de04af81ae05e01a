import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SqlLedgerStore } from '#ledger';
import { appendDonationStory, LiveFeed } from '#testing';
import { EmbeddedDatabase } from '#sql';
import { READ_MODEL_PROJECTIONS } from '../registry.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource, type ReadModelTarget } from '../store/read-model-data-source.js';
import { replayReadModels } from './replay.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Two campaigns, refunds, a chargeback, a partly accepted and a rejected donation, repeat donors. */
async function history(ledger: SqlLedgerStore, tag: string): Promise<void> {
  const base = { committeeId: `cmte-${tag}` };
  await appendDonationStory(ledger, { ...base, campaignId: `spring-${tag}`, donationId: `${tag}-d1`, donorId: 'dn_ada', amountMinor: 10_000, refundedMinor: 2_500 });
  await appendDonationStory(ledger, { ...base, campaignId: `spring-${tag}`, donationId: `${tag}-d2`, donorId: 'dn_ada', amountMinor: 5_000 });
  await appendDonationStory(ledger, { ...base, campaignId: `spring-${tag}`, donationId: `${tag}-d3`, donorId: 'dn_bob', amountMinor: 400_000, acceptedMinor: 350_000, refundedMinor: 50_000 });
  await appendDonationStory(ledger, { ...base, campaignId: `autumn-${tag}`, donationId: `${tag}-d4`, donorId: 'dn_cy', amountMinor: 7_000, chargedBackMinor: 7_000 });
  await appendDonationStory(ledger, { ...base, campaignId: `autumn-${tag}`, donationId: `${tag}-d5`, donorId: 'dn_dee', amountMinor: 900, acceptedMinor: 0, refundedMinor: 900 });
}

const engines: [string, () => Promise<{ target: ReadModelTarget; schema: string; close(): Promise<void> }>][] = [
  ['the embedded store (PGlite)', async () => {
    const db = await EmbeddedDatabase.open('memory');
    return { target: { kind: 'embedded', db }, schema: 'public', close: () => db.close() };
  }],
  ['a PostgreSQL server', async () => ({ target: { kind: 'postgres', url, poolSize: 4 }, schema: `live_${randomUUID().slice(0, 8)}`, close: async () => undefined })],
];

describe.each(engines)('replay of every read model on %s', (_engine, open) => {
  let ledgerDb: EmbeddedDatabase;
  let ledger: SqlLedgerStore;
  let live: DataSource;
  let close: () => Promise<void>;
  let schema: string;

  beforeAll(async () => {
    ledgerDb = await EmbeddedDatabase.open('memory');
    ledger = await SqlLedgerStore.open(ledgerDb);
    const opened = await open();
    ({ close, schema } = opened);
    live = await openReadModelDataSource(opened.target, schema);
    await history(ledger, 'a');
    const runner = new ProjectionRunner(live, READ_MODEL_PROJECTIONS.map((p) => p.handler));
    await new LiveFeed(ledger, (event, partition) => runner.handle(event, partition)).catchUp();
  });

  afterAll(async () => {
    if (schema !== 'public') await live.query(`DROP SCHEMA "${schema}" CASCADE`);
    await live.destroy();
    await close();
    await ledger.close();
    await ledgerDb.close();
  });

  const scratchSchemas = async (): Promise<string[]> =>
    ((await live.query(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'replay_')`)) as { nspname: string }[]).map((r) => r.nspname);

  it('given live projections fed partition by partition, when the ledger is replayed from 0 into a fresh schema, then every table is identical, digest for digest', async () => {
    const before = await scratchSchemas();
    const report = await replayReadModels(ledger, live, READ_MODEL_PROJECTIONS);
    expect(report.identical).toBe(true);
    expect(report.upTo).toBe(await ledger.headPosition());
    expect(report.tables.map((t) => [t.table, t.replayed.rows])).toEqual([
      ['campaign_totals', 2], ['campaign_donors', 3], ['campaign_donations', 5], ['reward_supporters', 3],
      ['report_donations', 5], ['report_compliance_cases', 5], ['report_reward_grants', 0], ['report_donor_links', 0],
      ['donor_wall', 0], ['reward_grants', 0], ['reward_waitlist', 0],
    ]);
    for (const table of report.tables) {
      expect(table.live).toEqual(table.replayed);
      expect(table.replayed.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await scratchSchemas()).toEqual(before);
  });

  it('given rows altered, deleted and added in the live schema, when replayed, then each is one line naming the row and the column', async () => {
    const t = (table: string) => `"${schema}"."${table}"`;
    await live.query(`UPDATE ${t('campaign_totals')} SET raised_minor = raised_minor + 1 WHERE campaign_id = 'spring-a'`);
    await live.query(`DELETE FROM ${t('campaign_donors')} WHERE campaign_id = 'autumn-a' AND donor_id = 'dn_cy'`);
    await live.query(`INSERT INTO ${t('reward_supporters')} VALUES ('spring-a', 'dn_eve', 'USD', 100, 1, 'x')`);
    try {
      const report = await replayReadModels(ledger, live, READ_MODEL_PROJECTIONS);
      expect(report.identical).toBe(false);
      const byTable = Object.fromEntries(report.tables.map((table) => [table.table, table]));
      expect(byTable.campaign_totals.differences).toEqual(['campaign_totals campaign_id=spring-a: raised_minor is 365001 live, 365000 replayed']);
      expect(byTable.campaign_donors.differences).toEqual(['campaign_donors campaign_id=autumn-a donor_id=dn_cy: missing from the live schema (the ledger produces it)']);
      expect(byTable.reward_supporters.differences).toEqual([
        'reward_supporters campaign_id=spring-a donor_id=dn_eve: in the live schema only (the ledger does not produce this row)',
      ]);
      expect(byTable.campaign_donations).toMatchObject({ identical: true, differences: [] });
      expect(byTable.campaign_totals.live?.sha256).not.toBe(byTable.campaign_totals.replayed.sha256);
    } finally {
      await live.query(`UPDATE ${t('campaign_totals')} SET raised_minor = raised_minor - 1 WHERE campaign_id = 'spring-a'`);
      await live.query(`INSERT INTO ${t('campaign_donors')} VALUES ('autumn-a', 'dn_cy', 7000, 1)`);
      await live.query(`DELETE FROM ${t('reward_supporters')} WHERE donor_id = 'dn_eve'`);
    }
    expect((await replayReadModels(ledger, live, READ_MODEL_PROJECTIONS)).identical).toBe(true);
  });

  it('given a replay kept for inspection, then its schema stays, with the checkpoint at the last position folded', async () => {
    const report = await replayReadModels(ledger, live, READ_MODEL_PROJECTIONS, { keep: true });
    try {
      expect(await scratchSchemas()).toContain(report.replaySchema);
      const checkpoints = (await live.query(`SELECT projection, partition_key, position::text AS position FROM "${report.replaySchema}".projection_checkpoints ORDER BY projection`)) as unknown[];
      expect(checkpoints).toEqual([
        { projection: 'campaign-totals', partition_key: 'ledger', position: String(report.upTo) },
        // Every projection that folded an event checkpoints its own last one; the reward grants saw none.
        ...['donor-wall', 'report-compliance-cases', 'report-donations', 'reward-supporters'].map((projection) => ({
          projection,
          partition_key: 'ledger',
          position: expect.any(String),
        })),
      ]);
    } finally {
      await live.query(`DROP SCHEMA "${report.replaySchema}" CASCADE`);
    }
  });
});
