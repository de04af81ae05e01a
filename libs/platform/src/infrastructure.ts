import type { DataSource } from 'typeorm';
import type { Logger as Pino } from 'pino';
import type { LedgerStore } from '#ledger';
import { SqlLedgerStore } from '#ledger';
import { DonorKeyStore, openDonorKeyDataSource, PersonalDataVault } from '#personal-data';
import { InMemoryEventBus, SqlCheckpointStore, type CheckpointStore, type EventBus } from '#messaging';
// Types only: the adapter itself is imported when BUS=kafka, so kafkajs stays unloaded otherwise.
import type * as KafkaAdapter from '#messaging/kafka';
import { openReadModelDataSource } from '#read-models';
import { dataSourceTargetBeside, EmbeddedDatabase, openSqlDatabase, PgDatabase, type SqlDatabase, type TableSet } from '#sql';
import { API_KEY_TABLES } from './auth/api-key-store.js';
import type { HustingsConfig } from './config.js';
import type { PoolCounts } from './metrics.js';
import { kafkaLogSink } from './logging/kafka-log-sink.js';
import { requiredDependencies } from './readiness.js';

// Loaded only when configured, so the embedded default never loads the gRPC or Kafka clients.
const EVENTSTORE_ADAPTER = '#ledger/eventstore';
const KAFKA_ADAPTER = '#messaging/kafka';

/** Everything outside the process an app talks to, opened once at start and closed once. */
export interface Infrastructure {
  ledger: LedgerStore;
  bus: EventBus;
  readModels: DataSource;
  /** Relay checkpoints live beside the read models (PostgreSQL) or the embedded ledger. */
  checkpoints: CheckpointStore;
  /** Seals and opens donors' personal data; only in apps given the master key (intake, reporting). */
  personalData: PersonalDataVault | null;
  /** Whether a database of this process is embedded: one session, which serves requests before consumers (foreground.ts in libs/sql). */
  embedded?: boolean;
  /** The pg pools of this process by name, for their gauges; none on the embedded store. */
  pools?: Record<string, PoolCounts>;
  close(): Promise<void>;
}

/** The pg pool under a TypeORM data source on PostgreSQL, when it has one. */
function poolOf(dataSource: DataSource): PoolCounts | null {
  const master = (dataSource.driver as { master?: Partial<PoolCounts> }).master;
  return master && typeof master.totalCount === 'number' ? (master as PoolCounts) : null;
}

async function openLedger(config: HustingsConfig, closers: (() => Promise<void>)[]): Promise<{ ledger: LedgerStore; ledgerDb: SqlDatabase | null }> {
  if (config.ledger === 'eventstore') {
    const { EventStoreLedgerStore } = (await import(EVENTSTORE_ADAPTER)) as {
      EventStoreLedgerStore: { connect(url: string): Promise<LedgerStore> };
    };
    const ledger = await EventStoreLedgerStore.connect(config.eventstoreUrl ?? '');
    closers.push(() => ledger.close());
    return { ledger, ledgerDb: null };
  }
  const ledgerDb = await openSqlDatabase(config.ledgerSqlUrl, { dataDir: config.dataDir, embeddedThread: config.embeddedThread, name: 'ledger', applicationName: 'hustings-ledger', preparedStatements: config.sqlPreparedStatements });
  closers.push(() => ledgerDb.close());
  const ledger = await SqlLedgerStore.open(ledgerDb, { snapshotInterval: config.ledgerSnapshotInterval });
  closers.push(() => ledger.close());
  return { ledger, ledgerDb };
}

async function openBus(config: HustingsConfig, closers: (() => Promise<void>)[], logger?: Pino): Promise<EventBus> {
  if (config.bus === 'memory') {
    const bus = new InMemoryEventBus();
    closers.push(() => bus.close());
    return bus;
  }
  const { KafkaEventBus } = (await import(KAFKA_ADAPTER)) as typeof KafkaAdapter;
  const bus = new KafkaEventBus({
    brokers: config.kafkaBrokers,
    clientId: config.kafkaClientId,
    partitionsConsumedConcurrently: config.kafkaPartitionsConcurrency,
    createTopics: config.kafkaCreateTopics,
    fetchMinBytes: config.kafkaFetchMinBytes,
    fetchMaxWaitMs: config.kafkaFetchMaxWaitMs,
    commitIntervalMs: config.kafkaCommitIntervalMs,
    ...(logger ? { log: kafkaLogSink(logger) } : {}),
  });
  closers.push(() => bus.close());
  if (requiredDependencies(config.apps).has('bus')) {
    await bus.ensureTopics(config.kafkaPartitions);
  } else {
    // Intake takes donations without the broker (the ledger is the source of truth): the topics
    // are made sure of in the background, and the relay publishes once the broker answers.
    ensureTopicsInBackground(() => bus.ensureTopics(config.kafkaPartitions), closers);
  }
  return bus;
}

function ensureTopicsInBackground(ensure: () => Promise<void>, closers: (() => Promise<void>)[]): void {
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  closers.push(async () => {
    closed = true;
    clearTimeout(timer);
  });
  const attempt = (tries: number): void => {
    ensure().catch((error: unknown) => {
      if (closed) return;
      if (tries === 1) process.stderr.write(`hustings: the broker does not answer yet (${String(error)}); taking work and retrying in the background\n`);
      timer = setTimeout(() => attempt(tries + 1), Math.min(30_000, 500 * 2 ** Math.min(tries, 6)));
      timer.unref();
    });
  };
  attempt(1);
}

async function openReadModels(
  config: HustingsConfig,
  tables: readonly TableSet[],
  closers: (() => Promise<void>)[],
): Promise<{ readModels: DataSource; readDb: SqlDatabase }> {
  const readDb = await openSqlDatabase(config.databaseUrl, { dataDir: config.dataDir, embeddedThread: config.embeddedThread, name: 'read-models', poolSize: 2, applicationName: `hustings-${config.databaseSchema}`, preparedStatements: config.sqlPreparedStatements });
  closers.push(() => readDb.close());
  const readModels = await openReadModelDataSource(dataSourceTargetBeside(readDb), config.databaseSchema, [API_KEY_TABLES, ...tables]);
  closers.push(() => readModels.destroy());
  return { readModels, readDb };
}

/** Only the read-model database (where API keys live too), for command-line tools. */
export async function openReadModelsOnly(config: HustingsConfig): Promise<{ readModels: DataSource; close(): Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const { readModels } = await openReadModels(config, [], closers);
    return { readModels, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The donor key store lives beside the read models (same database), in a schema of its own. */
async function openPersonalData(config: HustingsConfig, readDb: SqlDatabase, closers: (() => Promise<void>)[]): Promise<PersonalDataVault | null> {
  if (!config.piiMasterKeys) return null;
  const keys = await openDonorKeyDataSource(dataSourceTargetBeside(readDb));
  closers.push(() => keys.destroy());
  return new PersonalDataVault(new DonorKeyStore(keys), config.piiMasterKeys);
}

/** `tables` are those the apps' own stores keep beside their read models (see app-tables.ts). */
export async function openInfrastructure(config: HustingsConfig, tables: readonly TableSet[] = [], logger?: Pino): Promise<Infrastructure> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const { ledger, ledgerDb } = await openLedger(config, closers);
    const { readModels, readDb } = await openReadModels(config, tables, closers);
    const personalData = await openPersonalData(config, readDb, closers);
    const bus = await openBus(config, closers, logger);
    const checkpoints = await SqlCheckpointStore.open(ledgerDb ?? readDb, ledgerDb ? 'ledger' : config.databaseSchema);
    const pools: Record<string, PoolCounts> = {};
    if (ledgerDb instanceof PgDatabase) pools.ledger = ledgerDb.pool;
    const readPool = poolOf(readModels);
    if (readPool) pools['read-models'] = readPool;
    const embedded = ledgerDb instanceof EmbeddedDatabase || readDb instanceof EmbeddedDatabase;
    return { ledger, bus, readModels, checkpoints, personalData, embedded, pools, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Only the ledger, for command-line tools (the audit export). */
export async function openLedgerOnly(config: HustingsConfig): Promise<{ ledger: LedgerStore; close(): Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const { ledger } = await openLedger(config, closers);
    return { ledger, close };
  } catch (error) {
    await close();
    throw error;
  }
}
