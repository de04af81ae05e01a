/** A conduit and its recipients, a split checkout and its shares, and how a reversal of its one payment is spread. */
export * from './checkout-payment.js';
export * from './checkout-reversal.js';
export * from './checkout.decider.js';
export * from './conduit.decider.js';
export * from './forwarding.decider.js';
export * from './pro-rata.js';
export * from './split.js';
