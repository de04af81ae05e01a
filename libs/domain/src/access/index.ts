/** Who may do what: tenants, roles and API keys. */
export * from './access.js';
