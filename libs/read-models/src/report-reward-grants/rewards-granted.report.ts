import { inPeriod } from '../reports/report-format.js';
import type { ReportRewardGrantRow } from './report-reward-grant-row.js';

/** Rewards granted by a committee's campaigns in [from, to), with their fair market value. */
export function rewardsGranted(input: { committeeId: string; rows: readonly ReportRewardGrantRow[]; from: string; to: string }) {
  const grants = input.rows
    .filter((g) => g.committeeId === input.committeeId && inPeriod(g.grantedAt, input.from, input.to))
    .sort((a, b) => a.grantedAt.localeCompare(b.grantedAt) || a.grantId.localeCompare(b.grantId));
  return { committeeId: input.committeeId, from: input.from, to: input.to, count: grants.length, fairMarketValueMinor: grants.reduce((s, g) => s + g.fairMarketValueMinor, 0n), grants };
}
