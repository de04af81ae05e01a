/** One donation's life: receipt at intake, its payments and refunds, what it still counts for, and whether the donor wall names it. */
export * from './donation-amounts.js';
export * from './donation-payments.decider.js';
export * from './donation.decider.js';
export * from './donation-dates.js';
export * from './donation-dates.decider.js';
export * from './donor-wall.js';
export * from './receipt-window.js';
export * from './impermissible-disposal.decider.js';
