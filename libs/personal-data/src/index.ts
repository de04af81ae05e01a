export * from './donor-keys/donor-key.entity.js';
export * from './donor-keys/donor-key-store.js';
export * from './donor-keys/donor-key-data-source.js';
export * from './donor-keys/1764000000002-donor-keys.migration.js';
export * from './donor-keys/1764400000200-donor-key-tenants.migration.js';
export * from './envelope.js';
export * from './personal-data-vault.js';
