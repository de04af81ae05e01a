export * from './ledger-store.port.js';
export * from './errors.js';
export * from './canonical-json.js';
export * from './hash-chain.js';
export * from './polling-subscription.js';
export * from './sql/sql-ledger-store.js';
export * from './load-state.js';
