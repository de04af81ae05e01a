import { checkText } from './input-text.js';

/** Why the edge refuses a body's content, each with its own HTTP status (libs/platform/src/http/problem.ts). */
export const INPUT_ERROR_CODES = [
  'invalid_request',
  'amount_must_be_integer',
  'amount_out_of_range',
  'amount_must_be_minor_units',
  'currency_not_supported',
  'currency_exponent_mismatch',
  'text_too_long',
  'text_forbidden_characters',
  'date_invalid',
  'date_out_of_range',
  'jurisdiction_not_supported',
] as const;
export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

/**
 * Turns untrusted request bodies into typed commands' data, or refuses with a named code and
 * the field at fault. Everything here is pure: the HTTP edge only calls it. Details name the
 * field and the rule, never the value sent.
 */
export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'InputError';
  }
}

export type Body = Record<string, unknown>;

export const invalid = (field: string, detail: string): never => {
  throw new InputError('invalid_request', field, `${field}: ${detail}`);
};

export function asObject(value: unknown, field: string): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(field, 'must be an object');
  return value as Body;
}

/**
 * Printable one-line text, Unicode-normalised (NFC) and trimmed: no control, bidi-override,
 * invisible or unpaired-surrogate characters, no piles of combining marks (input-text.ts).
 * `max` counts code points; `label` names the field in errors when it is nested.
 *
 * Optional means "may be left out", not "may be sent empty": an empty or blank string is
 * refused like in a required field (the schema says at least one character), so an empty donor
 * name can never make a donor anonymous. Only a field marked `blank: 'absent'` (the contact
 * details a web form submits empty when left blank, described so in the OpenAPI document)
 * reads a blank as absent.
 */
export function text(body: Body, field: string, options: { max?: number; optional?: boolean; label?: string; blank?: 'absent' } = {}): string | null {
  const label = options.label ?? field;
  const value = body[field];
  if (value === undefined || value === null) return options.optional ? null : invalid(label, 'is required');
  if (typeof value !== 'string') return invalid(label, 'must be a string');
  const checked = checkText(value, options.max ?? 200);
  if ('code' in checked) throw new InputError(checked.code, label, `${label}: ${checked.reason}`);
  if (!checked.text) return options.optional && options.blank === 'absent' ? null : invalid(label, 'must not be empty');
  return checked.text;
}
