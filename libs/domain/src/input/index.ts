/** The input layer: HTTP bodies, headers and query parameters read into commands, above the deciders (no decider imports from here). */
export * from './api-key-input.js';
export * from './as-of-input.js';
export * from './card-number.js';
export * from './donor-lookup-input.js';
export { asObject, INPUT_ERROR_CODES, InputError, text, type InputErrorCode } from './fields.js';
export * from './idempotency.js';
export * from './input-text.js';
export * from './intake-input.js';
export * from './donation-dates-input.js';
export * from './conduit-input.js';
export * from './json-value.js';
export * from './payment-webhook-input.js';
export * from './public-acknowledgement-input.js';
export * from './recurring-plan-input.js';
export * from './review-input.js';
export * from './reward-tier-input.js';
export * from './webhook-signature.js';
export * from './donor-link-input.js';
