export * from './ledger-contract.js';
export * from './bus-contract.js';
export * from './decider-spec.js';
export * from './donation-ledger.js';
export * from './in-memory-ledger.js';
export * from './fec-schemas.js';
export * from './openapi-conformance.js';
