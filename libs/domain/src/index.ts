// #domain: the pure deciders, one folder per bounded context, and above them the input layer
// that reads HTTP bodies into commands. Arrows point one way: input → contexts → shared.
export * from './shared/index.js';
export * from './access/index.js';
export * from './identity/index.js';
export * from './committee/index.js';
export * from './donation/index.js';
export * from './conduit/index.js';
export * from './contribution/index.js';
export * from './recurring/index.js';
export * from './rewards/index.js';
export * from './review/index.js';
export * from './input/index.js';
