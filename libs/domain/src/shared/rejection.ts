/**
 * Every refusal has its own name. The codes are the contract with clients: each maps to one
 * HTTP status and one problem type (libs/platform/src/http/problem.ts).
 */
export const REJECTION_CODES = [
  'committee_already_registered',
  'committee_not_found',
  'campaign_already_exists',
  'campaign_not_found',
  'campaign_not_open',
  'campaign_closed',
  'campaign_window_invalid',
  'currency_not_supported',
  'currency_mismatch',
  'amount_must_be_positive',
  'election_unknown',
  'election_required',
  'elections_invalid',
  'donation_already_exists',
  'donation_not_found',
  'received_at_in_future',
  'jurisdiction_not_supported',
  'psp_reference_mismatch',
  'payment_amount_mismatch',
  'payment_already_captured',
  'payment_not_captured',
  'payment_already_reversed',
  'reversal_exceeds_remaining',
  'payment_event_conflict',
  'consent_required',
  'recurring_plan_not_found',
  'recurring_plan_already_exists',
  'recurring_plan_cancelled',
  'recurring_schedule_invalid',
  'recurring_payment_invalid',
  'reward_tier_already_exists',
  'reward_tier_not_found',
  'reward_tier_invalid',
  'stock_limit_below_granted',
  'review_item_not_found',
  'review_decision_not_allowed',
  'review_already_decided',
  'excess_already_remedied',
  'remedy_exceeds_excess',
  'remedy_exceeds_limit',
  'redesignation_same_election',
  'reattribution_donor_invalid',
  'reattribution_donor_unknown',
  // Linking two donor identities as one person (issue 14, item 12).
  'donor_not_found',
  'donor_link_same_donor',
  'donors_already_linked',
  'donor_link_not_found',
  'donor_link_already_revoked',
  'remedy_not_allowed',
  'reward_grant_not_found',
  'reward_grant_revoked',
  'fulfilment_status_not_applicable',
  'fulfilment_out_of_order',
  // Conduits and split checkouts (issue 15).
  'conduit_already_registered',
  'conduit_not_found',
  'fec_id_invalid',
  'recipient_already_listed',
  'recipient_invalid',
  'recipient_not_served',
  'recipient_duplicated',
  'too_many_recipients',
  'allocations_sum_mismatch',
  'currency_mixed',
  'checkout_already_exists',
  'checkout_not_found',
  'forwarding_batch_exists',
  'forwarding_share_invalid',
  'earmark_already_forwarded',
  'time_zone_invalid',
  'time_zone_mismatch',
  'reason_required',
  // A donation's dates (issue 14, item 2).
  'donation_date_invalid',
  'donation_date_not_recorded',
  'donation_date_already_recorded',
  // An election's net debts and a candidacy's end (issue 14, item 5).
  'elections_not_applicable',
  'net_debts_invalid',
  'candidacy_end_invalid',
  'candidacy_already_ended',
  // A UK party's general election periods, filings and accounting units (issue 14, items 8, 10, 11).
  'general_election_period_invalid',
  'filing_unknown',
  'filing_invalid',
  'accounting_unit_invalid',
  'accounting_unit_already_linked',
  // How an impermissible or unidentifiable donation was dealt with (issue 14, item 7).
  'donation_not_impermissible',
  'donation_already_dealt_with',
  'disposal_manner_not_allowed',
  'disposal_date_invalid',
  'forfeiture_order_required',
  'forfeiture_not_available',
  'donation_already_returned',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'Rejection';
  }
}

export function reject(code: RejectionCode, detail: string): never {
  throw new Rejection(code, detail);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
