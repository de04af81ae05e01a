import { ConfigError, loadConfig, type AppName } from './config.js';

/*
 * The settings of the distributed mode (README "Distributed mode"): each app alone, its ledger,
 * bus and database from the environment, checked at start with one problem per bad setting.
 */
const distributed = {
  BUS: 'kafka',
  KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
  LEDGER: 'sql',
  LEDGER_SQL_URL: 'postgres://hustings@db:5432/hustings',
  DATABASE_URL: 'postgres://hustings@db:5432/hustings',
  DATABASE_SCHEMA: 'compliance',
};

function problemsOf(env: Record<string, string>, apps: AppName[] = ['compliance']): string[] {
  try {
    loadConfig(env, apps);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('distributed mode configuration', () => {
  it('given one app on Kafka and PostgreSQL, when loaded, then it reads each setting', () => {
    expect(loadConfig({ ...distributed, KAFKA_PARTITIONS: '12', KAFKA_CLIENT_ID: 'compliance-0' }, ['compliance'])).toMatchObject({
      apps: ['compliance'],
      bus: 'kafka',
      kafkaBrokers: ['kafka-0:9092', 'kafka-1:9092'],
      kafkaPartitions: 12,
      kafkaClientId: 'compliance-0',
      ledger: 'sql',
      ledgerSqlUrl: distributed.LEDGER_SQL_URL,
      databaseUrl: distributed.DATABASE_URL,
      databaseSchema: 'compliance',
      relayEnabled: false,
    });
  });

  it('given the defaults, when loaded, then only intake runs the relay, and RELAY_ENABLED overrides', () => {
    expect(loadConfig({ ...distributed, DATABASE_SCHEMA: 'intake' }, ['intake']).relayEnabled).toBe(true);
    expect(loadConfig({ ...distributed, DATABASE_SCHEMA: 'intake', RELAY_ENABLED: 'false' }, ['intake']).relayEnabled).toBe(false);
    expect(loadConfig({ ...distributed, RELAY_ENABLED: 'true' }, ['compliance']).relayEnabled).toBe(true);
  });

  it('given EventStoreDB as the ledger, when loaded, then it needs a connection string in the client format', () => {
    expect(problemsOf({ ...distributed, LEDGER: 'eventstore' })).toEqual(['LEDGER=eventstore needs EVENTSTORE_URL (esdb://host:2113?tls=false)']);
    expect(problemsOf({ ...distributed, LEDGER: 'eventstore', EVENTSTORE_URL: 'http://esdb:2113' })).toEqual([
      'EVENTSTORE_URL=http://esdb:2113 must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://',
    ]);
    for (const url of ['esdb://esdb:2113?tls=false', 'esdb+discover://esdb.internal:2113', 'kurrentdb://esdb:2113?tls=false']) {
      expect(loadConfig({ ...distributed, LEDGER: 'eventstore', EVENTSTORE_URL: url }, ['compliance'])).toMatchObject({ ledger: 'eventstore', eventstoreUrl: url });
    }
  });

  it('given Kafka as the bus, when the brokers are missing or not host:port, then it refuses to start', () => {
    expect(problemsOf({ ...distributed, KAFKA_BROKERS: '' })).toEqual(['BUS=kafka needs KAFKA_BROKERS (host:port,...)']);
    expect(problemsOf({ ...distributed, KAFKA_BROKERS: 'kafka-0:9092,kafka-1' })).toEqual(['KAFKA_BROKERS entry kafka-1 is not host:port']);
  });

  it('given the in-process bus, when one app runs alone, then it refuses: that bus cannot reach another process', () => {
    expect(problemsOf({ ...distributed, BUS: 'memory' })).toEqual(['BUS=memory only connects apps inside one process; run all apps together or set BUS=kafka']);
    expect(problemsOf({ ...distributed, BUS: 'memory', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' })).toEqual([]);
    expect(problemsOf({ ...distributed, BUS: 'memory' }, ['intake', 'compliance', 'rewards', 'reporting'])).toEqual([]);
  });

  it('given several bad settings, when loaded, then every one is reported, one line each', () => {
    expect(
      problemsOf({
        ...distributed,
        LEDGER: 'mongo',
        BUS: 'rabbit',
        KAFKA_PARTITIONS: '0',
        LEDGER_SQL_URL: 'mysql://db/hustings',
        DATABASE_URL: 'db:5432',
        DATABASE_SCHEMA: 'Compliance-Reads',
        HUSTINGS_APPS: 'compliance,billing',
        PORT: '70000',
        SHUTDOWN_GRACE_MS: 'soon',
      }),
    ).toEqual([
      'LEDGER=mongo is not one of sql, eventstore',
      'BUS=rabbit is not one of memory, kafka',
      'HUSTINGS_APPS has unknown apps: billing',
      'PORT=70000 must be an integer from 0 to 65535',
      "LEDGER_SQL_URL=mysql://db/hustings must be 'embedded' or a postgres:// URL",
      'KAFKA_PARTITIONS=0 must be an integer from 1 to 1000',
      "DATABASE_URL=db:5432 must be 'embedded' or a postgres:// URL",
      'SHUTDOWN_GRACE_MS=soon must be an integer from 0 to 600000',
      'DATABASE_SCHEMA=Compliance-Reads is not a plain SQL identifier',
    ]);
  });
});
