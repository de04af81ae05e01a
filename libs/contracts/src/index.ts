// #contracts: what crosses process boundaries, grouped by context; shared/ holds the envelope,
// ids, money, topics, trace context, upcasters and the payload schemas every context uses.
export * from './shared/envelope.js';
export * from './shared/money.js';
export * from './shared/ids.js';
export * from './shared/topics.js';
export * from './shared/upcasters.js';
export * from './shared/schemas.js';
export * from './shared/trace-context.js';
export * from './committee/committee.events.js';
export * from './committee/campaign.events.js';
export * from './conduit/conduit.events.js';
export * from './donation/donation.events.js';
export type * from './donation/donation.events.v1.js';
export type * from './donation/donation.events.v2.js';
export type * from './personal-data/personal-data.js';
export * from './compliance/compliance.events.js';
export * from './recurring/recurring.events.js';
export * from './reward/reward.events.js';
export * from './review/review.events.js';
