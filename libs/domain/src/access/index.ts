/** Who may do what: tenants, roles and API keys. */
export * from './access.js';
export * from './credentials-in-url.js';
