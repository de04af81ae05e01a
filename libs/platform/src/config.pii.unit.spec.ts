import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type AppName } from './config.js';

const ALL: AppName[] = ['intake', 'compliance', 'rewards', 'reporting'];
const key = randomBytes(32);
const production = { NODE_ENV: 'production', DONOR_ID_KEY: 'k'.repeat(32), HUSTINGS_WEBHOOK_SECRET: 'w'.repeat(32), BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092', HUSTINGS_SEAL_KEY: 'MC4CAQAwBQYDK2VwBCIEIKRCDq8dd3ysRDa0TRkfpO0vYBsPaUzv3VaRwUfUX9ja' };

/** The configuration problems loadConfig reports, or [] when it accepts the environment. */
function problemsOf(env: Record<string, string>, apps: AppName[] = ALL): string[] {
  try {
    loadConfig(env, apps);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('PII_MASTER_KEY', () => {
  it.each([
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
    ['hex', key.toString('hex')],
  ])('takes 32 bytes written in %s, as version 1', (_encoding, text) => {
    expect(loadConfig({ ...production, PII_MASTER_KEY: text }, ['intake']).piiMasterKeys).toEqual({ current: { version: 1, key }, previous: [] });
  });

  it('takes a version prefix, and older keys for a rotation', () => {
    const old = randomBytes(32);
    const config = loadConfig({ ...production, PII_MASTER_KEY: `3:${key.toString('hex')}`, PII_PREVIOUS_MASTER_KEYS: `2:${old.toString('base64')}` }, ['intake']);
    expect(config.piiMasterKeys).toEqual({ current: { version: 3, key }, previous: [{ version: 2, key: old }] });
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('hex')],
    ['a passphrase', 'correct horse battery staple and more words'],
    ['version 0', `0:${key.toString('hex')}`],
  ])('refuses %s, without repeating the secret', (_what, text) => {
    const problems = problemsOf({ ...production, PII_MASTER_KEY: text });
    expect(problems).toEqual([expect.stringMatching(/^PII_MASTER_KEY must be 32 bytes in base64 or hex/)]);
    expect(problems.join('\n')).not.toContain(text.slice(2));
  });

  it('refuses previous keys without a version, or reusing the current version', () => {
    const hex = key.toString('hex');
    expect(problemsOf({ ...production, PII_MASTER_KEY: hex, PII_PREVIOUS_MASTER_KEYS: hex })).toEqual([
      expect.stringMatching(/^PII_PREVIOUS_MASTER_KEYS must be a comma-separated list of <version>:<key>/),
    ]);
    expect(problemsOf({ ...production, PII_MASTER_KEY: hex, PII_PREVIOUS_MASTER_KEYS: `1:${randomBytes(32).toString('hex')}` })).toEqual([
      'PII_MASTER_KEY and PII_PREVIOUS_MASTER_KEYS must each have their own version',
    ]);
  });

  it('is required in production by intake and reporting, which seal and open personal data', () => {
    expect(problemsOf(production, ['intake'])).toEqual([expect.stringMatching(/^PII_MASTER_KEY must be set/)]);
    expect(problemsOf(production, ['reporting'])).toEqual([expect.stringMatching(/^PII_MASTER_KEY must be set/)]);
  });

  it('is neither needed nor kept by compliance and rewards', () => {
    expect(loadConfig(production, ['compliance']).piiMasterKeys).toBeNull();
    expect(loadConfig({ ...production, PII_MASTER_KEY: key.toString('hex') }, ['rewards']).piiMasterKeys).toBeNull();
  });

  it('has a development default outside production, as DONOR_ID_KEY has', () => {
    const config = loadConfig({}, ALL);
    expect(config.piiMasterKeys?.current.version).toBe(1);
    expect(config.piiMasterKeys?.current.key).toHaveLength(32);
  });
});
