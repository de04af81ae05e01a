// Loaded on demand (`#ledger/eventstore`), so processes that use the SQL ledger never load the gRPC client.
export { EventStoreLedgerStore } from './eventstore-ledger-store.js';
