import { asObject, InputError, text } from './fields.js';

/** A donor's consent, at donation time, to be named on the campaign's public donor wall. */
export interface PublicAcknowledgementInput {
  displayName: string;
  /** Whether the wall may show the amount too: only when the donor said so with a JSON `true`. */
  showAmount: boolean;
}

/** Longest display name, in code points: a name on a wall, not a message. */
export const DISPLAY_NAME_MAX = 80;

const invalid = (field: string, detail: string): never => {
  throw new InputError('invalid_request', field, `${field}: ${detail}`);
};

/**
 * `donor.publicAcknowledgement`: absent or null means no consent, and nobody is ever named
 * by default. When present, `displayName` is required and `showAmount` must be a boolean if
 * sent (absent is false). An anonymous donor (no `name`) cannot be named: there is no key to
 * seal the display name with, so it could never be erased.
 */
export function parsePublicAcknowledgement(rawDonor: unknown): PublicAcknowledgementInput | null {
  const donor = asObject(rawDonor, 'donor');
  const raw = donor.publicAcknowledgement;
  if (raw === undefined || raw === null) return null;
  const field = 'donor.publicAcknowledgement';
  const body = asObject(raw, field);
  const displayName = text(body, 'displayName', { max: DISPLAY_NAME_MAX, label: `${field}.displayName` }) as string;
  if (body.showAmount !== undefined && typeof body.showAmount !== 'boolean') invalid(`${field}.showAmount`, 'must be true or false');
  if (typeof donor.name !== 'string' || donor.name.trim() === '') invalid(field, 'an anonymous donor (no name) cannot be named on the donor wall');
  return { displayName, showAmount: body.showAmount === true };
}
