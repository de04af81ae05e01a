/** Compliance review: an officer's queue of flagged and held donations and the decisions taken on them. */
export * from './review-decisions.js';
export * from './review-queue.js';
export * from './review.decider.js';
export * from './rejected-source-return.js';
