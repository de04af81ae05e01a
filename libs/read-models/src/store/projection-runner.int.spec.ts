import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { EmbeddedDatabase } from '#sql';
import { foldProjection, type StoredProjection } from '../projection.js';
import { REPORTING_READ_MODELS } from '../reports/report-projections.js';
import { usScenario } from '../reports/scenario.fixtures.spec.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';
import { ProjectionRunner } from './projection-runner.js';
import { openReadModelDataSource } from './read-model-data-source.js';
import { readStoredRows } from './stored-rows.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a spec's read models live: a schema of the PostgreSQL server, or an embedded database of their own. */
interface Engine {
  readonly name: string;
  open(schema: string, poolSize: number): Promise<DataSource>;
  drop(dataSource: DataSource, schema: string): Promise<void>;
}

const embeddedDbs = new WeakMap<DataSource, EmbeddedDatabase>();
const ENGINES: Engine[] = [
  {
    name: 'a PostgreSQL server',
    open: (schema, poolSize) => openReadModelDataSource({ kind: 'postgres', url, poolSize }, schema),
    async drop(dataSource, schema) {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  },
  {
    // Statements of one transaction are issued side by side here (queuesConcurrentStatements).
    name: 'the embedded engine',
    async open(schema) {
      const db = await EmbeddedDatabase.open('memory');
      const dataSource = await openReadModelDataSource({ kind: 'embedded', db }, schema);
      embeddedDbs.set(dataSource, db);
      return dataSource;
    },
    async drop(dataSource) {
      await dataSource.destroy();
      await embeddedDbs.get(dataSource)?.close();
    },
  },
];

describe.each(ENGINES)('the read-model store, a batch at a time, on $name', (engine) => {
  const schema = `batches_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  const { ledger } = usScenario();

  beforeAll(async () => {
    dataSource = await engine.open(schema, 2);
  });
  afterAll(async () => {
    await engine.drop(dataSource, schema);
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
    const fresh = await engine.open(`${schema}_twice`, 1);
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
      await engine.drop(fresh, `${schema}_twice`);
    }
  });

  describe('batches of several partitions at once (grouped into shared transactions)', () => {
    /** The scenario's events dealt to three partitions by stream, as Kafka deals them by key. */
    const partitionsOf = (events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> => {
      const streams = [...new Set(events.map((e) => e.streamId))];
      const byPartition = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const key = `donations:${streams.indexOf(event.streamId) % 3}`;
        byPartition.set(key, [...(byPartition.get(key) ?? []), event]);
      }
      return byPartition;
    };

    it('given three partitions delivered at the same moment, each in two batches, then every table holds the pure fold and each checkpoint its own partition\'s last position', async () => {
      const fresh = await engine.open(`${schema}_parts`, 2);
      try {
        const runner = new ProjectionRunner(fresh, REPORTING_READ_MODELS.map((m) => m.projection));
        const partitions = partitionsOf(ledger.events);
        expect(partitions.size).toBe(3);
        await Promise.all(
          [...partitions].map(async ([key, events]) => {
            const half = Math.ceil(events.length / 2);
            await runner.handleBatch(events.slice(0, half), key);
            await runner.handleBatch(events.slice(half), key);
          }),
        );
        // Delivered again, together: nothing changes.
        await Promise.all([...partitions].map(([key, events]) => runner.handleBatch(events, key)));
        for (const model of REPORTING_READ_MODELS) {
          const expected = [...foldProjection(model.definition as never, ledger.events).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
          expect(await readStoredRows(fresh, model as never, { committeeId: 'cmte-us' })).toEqual(expected);
        }
        const stored = await fresh.getRepository(ProjectionCheckpoint).find();
        for (const [key, events] of partitions) {
          for (const model of REPORTING_READ_MODELS) {
            const last = events.filter((e) => model.projection.canHandle.includes(e.type)).at(-1)?.position;
            const checkpoint = stored.find((c) => c.projection === model.projection.name && c.partitionKey === key);
            expect([model.projection.name, key, checkpoint ? String(checkpoint.position) : undefined]).toEqual([model.projection.name, key, last === undefined ? undefined : String(last)]);
          }
        }
      } finally {
        await engine.drop(fresh, `${schema}_parts`);
      }
    });

    it('given one partition\'s batch that cannot apply among batches of others delivered at the same moment, then it alone fails, and the others are applied and checkpointed', async () => {
      const fresh = await engine.open(`${schema}_poison`, 2);
      try {
        const partitions = [...partitionsOf(ledger.events)];
        // The last to arrive: the first runs alone, the other two go together, so the poisoned
        // batch fails a shared transaction first and is then tried alone.
        const [poisoned, poisonedEvents] = partitions[2];
        const bad = poisonedEvents[0].eventId;
        const poison: StoredProjection = {
          name: 'poison',
          canHandle: [...new Set(ledger.events.map((e) => e.type))],
          apply: async (_manager, event) => {
            if (event.eventId === bad) throw new Error('this event cannot apply');
          },
        };
        const runner = new ProjectionRunner(fresh, [...REPORTING_READ_MODELS.map((m) => m.projection), poison]);
        const outcomes = await Promise.allSettled(partitions.map(([key, events]) => runner.handleBatch(events, key)));
        expect(outcomes.map((o) => o.status)).toEqual(partitions.map(([key]) => (key === poisoned ? 'rejected' : 'fulfilled')));
        expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('this event cannot apply');
        const others = partitions.filter(([key]) => key !== poisoned).flatMap(([, events]) => events);
        const checkpoints = await fresh.getRepository(ProjectionCheckpoint).find();
        expect(checkpoints.filter((c) => c.partitionKey === poisoned)).toEqual([]);
        expect(new Set(checkpoints.map((c) => c.partitionKey))).toEqual(new Set(partitions.filter(([key]) => key !== poisoned).map(([key]) => key)));
        expect(others.length).toBeGreaterThan(0);
      } finally {
        await engine.drop(fresh, `${schema}_poison`);
      }
    });
  });
});
