/** Recurring donations: a plan's decider, its state and schedule, and the instalments it owes. */
export * from './recurring-instalment.js';
export * from './recurring-plan.decider.js';
export * from './recurring-plan.state.js';
export * from './recurring-schedule.js';
