export * from './rejection.js';
export * from './committee.decider.js';
export * from './campaign.decider.js';
export * from './donation.decider.js';
export * from './donor-aggregate.decider.js';
export * from './intake-input.js';
export * from './donor-identity.js';
export * from './idempotency.js';
