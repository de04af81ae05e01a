/** Committees and their campaigns: registration, the jurisdiction profile's intake rules, opening a campaign. */
export * from './campaign.decider.js';
export * from './committee.decider.js';
export * from './jurisdiction.js';
export * from './committee-rule-pack.js';
export * from './election-standing.js';
export * from './election-standing.decider.js';
export * from './party-standing.js';
export * from './party-standing.decider.js';
