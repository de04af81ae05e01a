// The config module alone, not #platform's index, which would load Nest and the adapters.
import { ConfigError, loadConfig } from './config.js';

const ALL = ['intake', 'compliance', 'rewards', 'reporting'] as const;
const production = { NODE_ENV: 'production', DONOR_ID_KEY: 'd'.repeat(32), PII_MASTER_KEY: 'a'.repeat(64), BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092' };
const problemsOf = (env: Record<string, string>, apps: (typeof ALL)[number][]): string[] => {
  try {
    loadConfig(env, [...apps]);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
};

describe('payment webhook secrets (HUSTINGS_WEBHOOK_SECRET)', () => {
  it('given nothing set outside production, when loaded, then the embedded development secret is used', () => {
    expect(loadConfig({}, [...ALL]).webhookSecrets).toEqual(['hustings-embedded-development-webhook-secret']);
  });

  it('given two secrets while rotating, when loaded, then both are kept, newest first', () => {
    const env = { HUSTINGS_WEBHOOK_SECRET: ` ${'n'.repeat(32)} , ${'o'.repeat(32)} ` };
    expect(loadConfig(env, [...ALL]).webhookSecrets).toEqual(['n'.repeat(32), 'o'.repeat(32)]);
  });

  it('given production without a secret, when intake loads, then it refuses to start; the other apps do not need one', () => {
    expect(problemsOf(production, ['intake'])).toEqual([
      'HUSTINGS_WEBHOOK_SECRET must be set to one or more comma-separated secrets of at least 32 characters each',
    ]);
    expect(problemsOf(production, ['compliance'])).toEqual([]);
  });

  it('given a secret shorter than 32 characters among the list, when intake loads, then it refuses to start', () => {
    expect(problemsOf({ ...production, HUSTINGS_WEBHOOK_SECRET: `${'n'.repeat(32)},short` }, ['intake'])).toEqual([expect.stringMatching(/^HUSTINGS_WEBHOOK_SECRET/)]);
  });
});

/* LEDGER_SNAPSHOT_INTERVAL: how often a long stream's state is kept as a snapshot beside the SQL ledger. */
describe('ledger snapshots (LEDGER_SNAPSHOT_INTERVAL)', () => {
  it('given no setting, when loaded, then a snapshot is kept every 50 events', () => {
    expect(loadConfig({}, [...ALL]).ledgerSnapshotInterval).toBe(50);
  });

  it('given 0, when loaded, then none are kept or read', () => {
    expect(loadConfig({ LEDGER_SNAPSHOT_INTERVAL: '0' }, [...ALL]).ledgerSnapshotInterval).toBe(0);
  });

  it('given a negative interval, a fraction or a word, when loaded, then it refuses to start and says the range', () => {
    for (const value of ['-1', '2.5', 'often']) {
      expect(problemsOf({ LEDGER_SNAPSHOT_INTERVAL: value }, [...ALL])).toEqual([`LEDGER_SNAPSHOT_INTERVAL=${value} must be an integer from 0 to 1000000`]);
    }
  });
});
