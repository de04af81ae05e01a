/** Contribution decisions on the donor's aggregate: counting, holding, refusing and reversing a donation under the rule pack in force, and the rewards that count against it. */
export * from './contribution-benefit.decider.js';
export * from './contribution-reversal.decider.js';
export * from './donor-aggregate.decider.js';
export * from './donor-aggregate.values.js';
export * from './structuring.decider.js';
export * from './structuring-window.js';
export * from './donor-link.decider.js';
export * from './donor-link-excess.js';
export * from './candidacy-ended-excess.js';
export * from './partner-reversal.js';
