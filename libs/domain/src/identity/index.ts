/** Who a donor is without who they are: the donor id and match keys derived from identity under a tenant's key, and which details a donor gave. */
export * from './donor-details.js';
export * from './donor-identity.js';
export * from './match-keys.js';
export * from './person-name.js';
export * from './donor-match.js';
export * from './linked-contributors.js';
