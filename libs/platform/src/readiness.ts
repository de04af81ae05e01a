import { CONSUMER_GROUPS, type AppName } from './config.js';

export type Dependency = 'ledger' | 'bus' | 'database';

export interface DependencyCheck {
  name: Dependency;
  status: 'up' | 'down';
  error?: string;
}

/**
 * What a process cannot take work without. The ledger is the source of truth and the database
 * holds the API keys every request is checked against, so every app needs both. Only the
 * consumers (compliance, rewards, reporting) need the broker: intake appends to the ledger,
 * and the relay, which follows the ledger from its checkpoint, publishes whatever was appended
 * while the broker was away once it is back. So a broker outage must not take intake out of
 * its load balancer, nor keep it from starting.
 */
export function requiredDependencies(apps: readonly AppName[]): ReadonlySet<Dependency> {
  const consumes = apps.some((app) => CONSUMER_GROUPS.includes(app));
  return new Set<Dependency>(consumes ? ['ledger', 'database', 'bus'] : ['ledger', 'database']);
}

export interface Readiness {
  ready: boolean;
  /** The checks as reported; a down dependency that does not gate readiness says so. */
  checks: (DependencyCheck & { gatesReadiness?: false })[];
}

/** Ready when not draining and every dependency the apps need answers; the others are reported only. */
export function readinessOf(apps: readonly AppName[], checks: readonly DependencyCheck[], draining: boolean): Readiness {
  const required = requiredDependencies(apps);
  return {
    ready: !draining && checks.every((check) => check.status === 'up' || !required.has(check.name)),
    checks: checks.map((check) => (check.status === 'down' && !required.has(check.name) ? { ...check, gatesReadiness: false } : check)),
  };
}
