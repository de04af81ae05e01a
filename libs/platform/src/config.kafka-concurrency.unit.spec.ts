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
