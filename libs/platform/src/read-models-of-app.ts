import type { AppName } from './config.js';

/**
 * Which registered read models (libs/read-models, by name) each app runs live, and so whose
 * schema holds their tables in distributed mode; all share one schema when embedded. Replay's
 * `--app` picks by this too.
 */
export const READ_MODELS_OF_APP: Readonly<Record<AppName, readonly string[]>> = Object.freeze({
  intake: [],
  compliance: [],
  rewards: ['reward-supporters', 'reward-grants'],
  reporting: ['campaign-totals', 'report-donations', 'report-compliance-cases', 'report-reward-grants', 'report-donor-links', 'donor-wall'],
});
