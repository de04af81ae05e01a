import { ConfigError, loadConfig } from './config.js';

/*
 * KAFKA_PARTITIONS_CONCURRENCY: how many of its assigned partitions one consumer works at once.
 * Compliance decides one donation per partition at a time, so this bounds its throughput.
 */
const distributed = {
  BUS: 'kafka',
  KAFKA_BROKERS: 'kafka-0:9092',
  LEDGER: 'sql',
  LEDGER_SQL_URL: 'postgres://hustings@db:5432/hustings',
  DATABASE_URL: 'postgres://hustings@db:5432/hustings',
  DATABASE_SCHEMA: 'compliance',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, ['compliance']);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('KAFKA_PARTITIONS_CONCURRENCY', () => {
  it('given no setting, when loaded, then a consumer works every partition of the topics at once', () => {
    expect(loadConfig(distributed, ['compliance']).kafkaPartitionsConcurrency).toBe(6);
    expect(loadConfig({ ...distributed, KAFKA_PARTITIONS: '12' }, ['compliance']).kafkaPartitionsConcurrency).toBe(12);
  });

  it('given a number, when loaded, then that many partitions are worked at once', () => {
    expect(loadConfig({ ...distributed, KAFKA_PARTITIONS: '12', KAFKA_PARTITIONS_CONCURRENCY: '3' }, ['compliance']).kafkaPartitionsConcurrency).toBe(3);
    expect(loadConfig({ ...distributed, KAFKA_PARTITIONS_CONCURRENCY: '1' }, ['compliance']).kafkaPartitionsConcurrency).toBe(1);
  });

  it('given zero, a fraction, a word or too many, when loaded, then it refuses to start, naming the setting once', () => {
    for (const raw of ['0', '2.5', 'all', '1001', '-4']) {
      expect(problemsOf({ ...distributed, KAFKA_PARTITIONS_CONCURRENCY: raw })).toEqual([`KAFKA_PARTITIONS_CONCURRENCY=${raw} must be an integer from 1 to 1000`]);
    }
  });

  it('given bad partitions as well, when loaded, then each bad setting is its own problem', () => {
    expect(problemsOf({ ...distributed, KAFKA_PARTITIONS: '0', KAFKA_PARTITIONS_CONCURRENCY: '0' })).toEqual([
      'KAFKA_PARTITIONS=0 must be an integer from 1 to 1000',
      'KAFKA_PARTITIONS_CONCURRENCY=0 must be an integer from 1 to 1000',
    ]);
  });
});

/*
 * KAFKA_FETCH_MIN_BYTES and KAFKA_FETCH_MAX_WAIT_MS: how long a consumer's fetch may wait on the
 * broker to come back with a batch worth a transaction, instead of the few messages of the moment.
 */
describe('KAFKA_FETCH_MIN_BYTES and KAFKA_FETCH_MAX_WAIT_MS', () => {
  it('given no setting, when loaded, then a fetch waits for 1 MiB or 250 ms, whichever comes first', () => {
    const config = loadConfig(distributed, ['compliance']);
    expect([config.kafkaFetchMinBytes, config.kafkaFetchMaxWaitMs]).toEqual([1_048_576, 250]);
  });

  it('given 1 byte and no wait, when loaded, then each fetch comes back with whatever is there', () => {
    const config = loadConfig({ ...distributed, KAFKA_FETCH_MIN_BYTES: '1', KAFKA_FETCH_MAX_WAIT_MS: '0' }, ['compliance']);
    expect([config.kafkaFetchMinBytes, config.kafkaFetchMaxWaitMs]).toEqual([1, 0]);
  });

  it('given zero bytes, a wait over ten seconds or a word, when loaded, then it refuses to start, naming each setting once', () => {
    expect(problemsOf({ ...distributed, KAFKA_FETCH_MIN_BYTES: '0', KAFKA_FETCH_MAX_WAIT_MS: '10001' })).toEqual([
      'KAFKA_FETCH_MIN_BYTES=0 must be an integer from 1 to 52428800',
      'KAFKA_FETCH_MAX_WAIT_MS=10001 must be an integer from 0 to 10000',
    ]);
    expect(problemsOf({ ...distributed, KAFKA_FETCH_MIN_BYTES: 'lots' })).toEqual(['KAFKA_FETCH_MIN_BYTES=lots must be an integer from 1 to 52428800']);
  });
});

/* KAFKA_COMMIT_INTERVAL_MS: how often a consumer commits the offsets it settled. */
describe('KAFKA_COMMIT_INTERVAL_MS', () => {
  it('given no setting, when loaded, then offsets are committed at most once a second', () => {
    expect(loadConfig(distributed, ['reporting']).kafkaCommitIntervalMs).toBe(1_000);
  });

  it('given 0, when loaded, then offsets are committed after every batch', () => {
    expect(loadConfig({ ...distributed, KAFKA_COMMIT_INTERVAL_MS: '0' }, ['reporting']).kafkaCommitIntervalMs).toBe(0);
  });

  it('given a negative interval, more than a minute or a word, when loaded, then it refuses to start and says the range', () => {
    for (const value of ['-1', '60001', 'soon']) {
      expect(problemsOf({ ...distributed, KAFKA_COMMIT_INTERVAL_MS: value })).toEqual([`KAFKA_COMMIT_INTERVAL_MS=${value} must be an integer from 0 to 60000`]);
    }
  });
});

/* RELAY_READ_INTERVAL_MS and RELAY_LINGER_MS: how often intake's relay reads the ledger, and how long a batch waits for more. */
describe('RELAY_READ_INTERVAL_MS and RELAY_LINGER_MS', () => {
  it('given no setting, when loaded, then the relay reads at most every 20 ms and lingers 5 ms', () => {
    const config = loadConfig({ ...distributed, DATABASE_SCHEMA: 'intake' }, ['intake']);
    expect([config.relayReadIntervalMs, config.relayLingerMs]).toEqual([20, 5]);
  });

  it('given 100 and 20, when loaded, then those are the relay\'s', () => {
    const config = loadConfig({ ...distributed, RELAY_READ_INTERVAL_MS: '100', RELAY_LINGER_MS: '20' }, ['compliance']);
    expect([config.relayReadIntervalMs, config.relayLingerMs]).toEqual([100, 20]);
  });

  it('given a negative interval or a word, when loaded, then it refuses to start, naming each setting', () => {
    expect(problemsOf({ ...distributed, RELAY_READ_INTERVAL_MS: '-1', RELAY_LINGER_MS: 'soon' })).toEqual([
      'RELAY_READ_INTERVAL_MS=-1 must be an integer from 0 to 10000',
      'RELAY_LINGER_MS=soon must be an integer from 0 to 10000',
    ]);
  });
});
