export * from './aggregate-cache.js';
export * from './handle-command.js';
export * from './retry-policy.js';
