export * from './openapi.types.js';
export * from './openapi.building.js';
export * from './openapi.problems.js';
export * from './openapi.platform.js';
export * from './openapi.document.js';
export * from './openapi.reference.js';
