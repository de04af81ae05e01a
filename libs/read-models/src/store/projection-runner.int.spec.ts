import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { foldProjection } from '../projection.js';
import { REPORTING_READ_MODELS } from '../reports/report-projections.js';
import { usScenario } from '../reports/scenario.fixtures.spec.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';
import { ProjectionRunner } from './projection-runner.js';
import { openReadModelDataSource } from './read-model-data-source.js';
import { readStoredRows } from './stored-rows.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('the read-model store, a batch at a time, on a PostgreSQL server', () => {
  const schema = `batches_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  const { ledger } = usScenario();

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 2 }, schema);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given one partition delivered as two batches, then again whole and again in part, then every table holds the pure fold and each checkpoint the last position', async () => {
    const runner = new ProjectionRunner(dataSource, REPORTING_READ_MODELS.map((m) => m.projection));
    const events = ledger.events;
    const half = Math.floor(events.length / 2);
    await runner.handleBatch(events.slice(0, half), 'donations:0');
    await runner.handleBatch(events.slice(half), 'donations:0');
    await runner.handleBatch(events, 'donations:0');
    await runner.handleBatch(events.slice(2, 7), 'donations:0');
    for (const model of REPORTING_READ_MODELS) {
      const expected = [...foldProjection(model.definition as never, events).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
      expect(await readStoredRows(dataSource, model as never, { committeeId: 'cmte-us' })).toEqual(expected);
    }
    const checkpoints = await dataSource.getRepository(ProjectionCheckpoint).find({ order: { projection: 'ASC' } });
    const lastOf = (canHandle: readonly string[]) => String(events.filter((e) => canHandle.includes(e.type)).at(-1)?.position);
    expect(checkpoints.map((c) => [c.projection, c.partitionKey, String(c.position)])).toEqual(
      [...REPORTING_READ_MODELS].sort((a, b) => a.projection.name.localeCompare(b.projection.name)).filter((m) => events.some((e) => m.projection.canHandle.includes(e.type))).map((m) => [m.projection.name, 'donations:0', lastOf(m.projection.canHandle)]),
    );
  });

  it('given a batch that holds some events twice (a redelivery inside one batch), when applied, then each counts once: the tables hold the pure fold', async () => {
    const fresh = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 1 }, `${schema}_twice`);
    try {
      const runner = new ProjectionRunner(fresh, REPORTING_READ_MODELS.map((m) => m.projection));
      const events = ledger.events;
      const third = Math.floor(events.length / 3);
      const redelivered = [...events.slice(0, 2 * third), ...events.slice(third, 2 * third), ...events.slice(2 * third)];
      await runner.handleBatch(redelivered, 'donations:0');
      for (const model of REPORTING_READ_MODELS) {
        const expected = [...foldProjection(model.definition as never, events).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
        expect(await readStoredRows(fresh, model as never, { committeeId: 'cmte-us' })).toEqual(expected);
      }
    } finally {
      await fresh.query(`DROP SCHEMA "${schema}_twice" CASCADE`);
      await fresh.destroy();
    }
  });
});
