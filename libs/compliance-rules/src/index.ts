export * from './rule-packs.js';
export * from './election-limit.rule.js';
