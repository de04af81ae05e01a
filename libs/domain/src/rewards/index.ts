/** Rewards for donors: tiers, granting, fulfilment and revocation. */
export * from './reward-fulfilment.decider.js';
export * from './reward-granting.decider.js';
export * from './reward-revocation.decider.js';
export * from './reward-tier.decider.js';
