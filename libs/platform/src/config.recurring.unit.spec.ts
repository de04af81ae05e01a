import { ConfigError, loadConfig } from './config.js';

const base = { DONOR_ID_KEY: 'unit-test-donor-id-key-of-at-least-32-chars' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env }, ['intake', 'compliance', 'rewards', 'reporting']);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('RECURRING_TICK_MS', () => {
  it('defaults to a minute, and 0 turns the recurring scheduler off', () => {
    expect(loadConfig(base, ['intake', 'compliance', 'rewards', 'reporting']).recurringTickMs).toBe(60_000);
    expect(loadConfig({ ...base, RECURRING_TICK_MS: '0' }, ['intake', 'compliance', 'rewards', 'reporting']).recurringTickMs).toBe(0);
  });

  it.each(['-1', '1.5', 'soon', '86400001'])('refuses %j with one line', (value) => {
    expect(problemsOf({ RECURRING_TICK_MS: value })).toEqual([`RECURRING_TICK_MS=${value} must be an integer from 0 to 86400000`]);
  });
});
