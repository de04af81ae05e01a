export * from './auth.guard.js';
export * from './tenant-scope.js';
export * from './bootstrap-keys.js';
