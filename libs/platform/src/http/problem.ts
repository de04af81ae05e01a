import type { IdempotencyCode, RejectionCode } from '#domain';

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
  | 'payload_too_large'
  | 'amount_must_be_integer'
  | 'amount_out_of_range'
  | 'not_found'
  | 'concurrent_modification'
  | 'service_unavailable'
  | 'internal_error';

const STATUS: Record<RejectionCode | EdgeCode | IdempotencyCode, number> = {
  idempotency_key_missing: 400,
  idempotency_key_invalid: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_flight: 409,
  invalid_request: 400,
  malformed_json: 400,
  payload_too_large: 413,
  amount_must_be_integer: 422,
  amount_out_of_range: 422,
  not_found: 404,
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
  consent_required: 422,
  recurring_plan_not_found: 404,
  recurring_plan_already_exists: 409,
  recurring_plan_cancelled: 409,
  recurring_schedule_invalid: 422,
  recurring_payment_invalid: 422,
};

export function statusOf(code: string): number {
  return STATUS[code as RejectionCode | EdgeCode | IdempotencyCode] ?? 422;
}

export function problem(code: RejectionCode | EdgeCode | IdempotencyCode, detail: string, extensions: Record<string, unknown> = {}): Problem {
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
