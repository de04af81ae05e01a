import type { IdempotencyCode, InputErrorCode, RejectionCode, WebhookCode } from '#domain';

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (code: string): string => `https://hustings.dev/problems/${code.replace(/_/g, '-')}`;

/** Codes the HTTP edge raises itself, beside the domain's rejections. */
export type EdgeCode =
  | 'invalid_request'
  | 'malformed_json'
  | 'body_too_large'
  | 'body_too_deep'
  | 'duplicate_key'
  | 'forbidden_key'
  | 'number_out_of_range'
  | 'unsupported_media_type'
  | 'card_number_refused'
  | 'credentials_in_url'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'concurrent_modification'
  | 'service_unavailable'
  | 'internal_error';

type Code = RejectionCode | EdgeCode | IdempotencyCode | InputErrorCode | WebhookCode;

const STATUS: Record<Code, number> = {
  idempotency_key_missing: 400,
  idempotency_key_invalid: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_flight: 409,
  invalid_request: 400,
  malformed_json: 400,
  body_too_large: 413,
  body_too_deep: 400,
  duplicate_key: 400,
  forbidden_key: 400,
  number_out_of_range: 400,
  unsupported_media_type: 415,
  card_number_refused: 422,
  credentials_in_url: 400,
  amount_must_be_integer: 422,
  amount_out_of_range: 422,
  amount_must_be_minor_units: 422,
  currency_exponent_mismatch: 422,
  text_too_long: 422,
  text_forbidden_characters: 422,
  date_invalid: 422,
  date_out_of_range: 422,
  jurisdiction_not_supported: 422,
  received_at_in_future: 422,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  concurrent_modification: 409,
  service_unavailable: 503,
  internal_error: 500,
  committee_already_registered: 409,
  committee_not_found: 404,
  campaign_already_exists: 409,
  campaign_not_found: 404,
  campaign_not_open: 422,
  campaign_closed: 422,
  campaign_window_invalid: 422,
  currency_not_supported: 422,
  currency_mismatch: 422,
  amount_must_be_positive: 422,
  election_unknown: 422,
  election_required: 422,
  elections_invalid: 422,
  donation_already_exists: 409,
  donation_not_found: 404,
  // Payment webhooks: a delivery without a valid, fresh signature is not authenticated.
  webhook_signature_missing: 401,
  webhook_signature_invalid: 401,
  webhook_signature_expired: 401,
  webhook_replayed: 409,
  psp_reference_mismatch: 422,
  payment_amount_mismatch: 422,
  payment_already_captured: 409,
  payment_not_captured: 422,
  payment_already_reversed: 409,
  reversal_exceeds_remaining: 422,
  payment_event_conflict: 409,
  consent_required: 422,
  recurring_plan_not_found: 404,
  recurring_plan_already_exists: 409,
  recurring_plan_cancelled: 409,
  recurring_schedule_invalid: 422,
  recurring_payment_invalid: 422,
  reward_tier_already_exists: 409,
  reward_tier_not_found: 404,
  reward_tier_invalid: 422,
  stock_limit_below_granted: 422,
  review_item_not_found: 404,
  review_decision_not_allowed: 422,
  review_already_decided: 409,
  excess_already_remedied: 409,
  remedy_exceeds_excess: 422,
  remedy_exceeds_limit: 422,
  redesignation_same_election: 422,
  reattribution_donor_invalid: 422,
  reattribution_donor_unknown: 422,
  donor_not_found: 404,
  donor_link_same_donor: 422,
  donors_already_linked: 409,
  donor_link_not_found: 404,
  donor_link_already_revoked: 409,
  remedy_not_allowed: 422,
  reward_grant_not_found: 404,
  reward_grant_revoked: 409,
  fulfilment_status_not_applicable: 422,
  fulfilment_out_of_order: 409,
  conduit_already_registered: 409,
  conduit_not_found: 404,
  fec_id_invalid: 422,
  recipient_already_listed: 409,
  recipient_invalid: 422,
  recipient_not_served: 422,
  recipient_duplicated: 422,
  too_many_recipients: 422,
  allocations_sum_mismatch: 422,
  currency_mixed: 422,
  checkout_already_exists: 409,
  checkout_not_found: 404,
  forwarding_batch_exists: 409,
  forwarding_share_invalid: 422,
  earmark_already_forwarded: 409,
  time_zone_invalid: 422,
  time_zone_mismatch: 422,
  reason_required: 422,
  donation_date_invalid: 422,
  donation_date_not_recorded: 409,
  donation_date_already_recorded: 409,
  elections_not_applicable: 422,
  net_debts_invalid: 422,
  candidacy_end_invalid: 422,
  candidacy_already_ended: 409,
  general_election_period_invalid: 422,
  filing_unknown: 404,
  filing_invalid: 422,
  accounting_unit_invalid: 422,
  accounting_unit_already_linked: 409,
  donation_not_impermissible: 422,
  donation_already_dealt_with: 409,
  disposal_manner_not_allowed: 422,
  disposal_date_invalid: 422,
  forfeiture_order_required: 422,
  forfeiture_not_available: 422,
  donation_already_returned: 409,
};

export function statusOf(code: string): number {
  return Object.prototype.hasOwnProperty.call(STATUS, code) ? STATUS[code as Code] : 422;
}

export function problem(code: Code, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: problemType(code),
    title: code.replace(/_/g, ' '),
    status: statusOf(code),
    detail,
    code,
    ...extensions,
  };
}

/** An error the HTTP edge turns into a problem response as it is. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'HttpProblem';
  }
}

export function fail(code: EdgeCode, detail: string, extensions: Record<string, unknown> = {}): never {
  throw new HttpProblem(problem(code, detail, extensions));
}
