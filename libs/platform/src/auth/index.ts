export * from './auth.guard.js';
export * from './tenant-scope.js';
export * from './bootstrap-keys.js';
export * from './api-key.entity.js';
export * from './api-key-store.js';
export * from './api-keys.controller.js';
