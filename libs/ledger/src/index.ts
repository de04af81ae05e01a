export * from './ledger-store.port.js';
export * from './errors.js';
export * from './canonical-json.js';
export * from './hash-chain.js';
