/** What every context shares: named refusals, the checked calendar, and the as-of cut of the ledger. */
export * from './as-of.js';
export * from './calendar.js';
export * from './fold.js';
export * from './rejection.js';
export * from './reporting-lag.js';
export * from './snapshot-json.js';
