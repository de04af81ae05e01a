import {
  CLIENT_ID_PATTERN,
  CURRENCY_EXPONENTS,
  DONOR_TYPES,
  ELECTION_KINDS,
  JURISDICTION_PROFILES,
  PAYMENT_METHODS,
  type DonorAddress,
  type DonorType,
  type Election,
  type JurisdictionProfile,
  type PaymentMethod,
} from '#contracts';
import { ISO_3166_ALPHA2 } from './iso-3166.js';

/**
 * Turns untrusted request bodies into typed commands' data, or refuses with a named code and
 * the field at fault. Everything here is pure: the HTTP edge only calls it.
 */
export class InputError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'amount_must_be_integer' | 'amount_out_of_range' | 'currency_not_supported',
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'InputError';
  }
}

type Body = Record<string, unknown>;

const invalid = (field: string, detail: string): never => {
  throw new InputError('invalid_request', field, `${field}: ${detail}`);
};

export function asObject(value: unknown, field: string): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(field, 'must be an object');
  return value as Body;
}

/** Printable text: Unicode-normalised (NFC), no control or bidirectional-override characters. */
export function text(body: Body, field: string, options: { max?: number; optional?: boolean } = {}): string | null {
  const value = body[field];
  if (value === undefined || value === null) return options.optional ? null : invalid(field, 'is required');
  if (typeof value !== 'string') return invalid(field, 'must be a string');
  const normalised = value.normalize('NFC').trim();
  if (!normalised) return options.optional ? null : invalid(field, 'must not be empty');
  if (/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(normalised)) invalid(field, 'contains control or bidi-override characters');
  if (normalised.length > (options.max ?? 200)) invalid(field, `is longer than ${options.max ?? 200} characters`);
  return normalised;
}

export function identifierField(body: Body, field: string, optional = false): string | null {
  const value = text(body, field, { max: 64, optional });
  if (value !== null && !CLIENT_ID_PATTERN.test(value)) invalid(field, 'must be 1-64 letters, digits, - or _');
  return value;
}

function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[]): T {
  const value = body[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function instant(body: Body, field: string, optional = false): string | null {
  const value = text(body, field, { max: 40, optional });
  if (value === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    invalid(field, 'must be an ISO 8601 instant with a time zone');
  }
  return new Date(value).toISOString();
}

export function currency(body: Body, field = 'currency'): string {
  const value = text(body, field, { max: 3 }) as string;
  if (!/^[A-Z]{3}$/.test(value)) invalid(field, 'must be an ISO 4217 code');
  if (CURRENCY_EXPONENTS[value] === undefined) throw new InputError('currency_not_supported', field, `${field}: ${value} is not supported`);
  return value;
}

/** A JSON integer of minor units, within the safe-integer range; never a float or a string. */
export function amountMinor(body: Body, field = 'amountMinor'): bigint {
  const value = body[field];
  if (value === undefined) return invalid(field, 'is required');
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new InputError('amount_must_be_integer', field, `${field} must be a JSON integer of minor units`);
  }
  if (!Number.isSafeInteger(value)) throw new InputError('amount_out_of_range', field, `${field} is outside the safe-integer range`);
  return BigInt(value);
}

export interface CommitteeInput {
  committeeId: string | null;
  name: string;
  jurisdiction: JurisdictionProfile;
  currency: string;
  elections: Election[];
  defaultElectionId: string | null;
}

export function parseCommitteeRequest(raw: unknown): CommitteeInput {
  const body = asObject(raw, 'body');
  const elections = body.elections ?? [];
  if (!Array.isArray(elections) || elections.length > 20) invalid('elections', 'must be an array of at most 20');
  return {
    committeeId: identifierField(body, 'committeeId', true),
    name: text(body, 'name') as string,
    jurisdiction: oneOf(body, 'jurisdiction', JURISDICTION_PROFILES),
    currency: currency(body),
    elections: (elections as unknown[]).map((e, i) => {
      const election = asObject(e, `elections[${i}]`);
      return {
        electionId: identifierField(election, 'electionId') as string,
        kind: oneOf(election, 'kind', ELECTION_KINDS),
        date: text(election, 'date', { max: 10 }) as string,
      };
    }),
    defaultElectionId: identifierField(body, 'defaultElectionId', true),
  };
}

export interface CampaignInput {
  campaignId: string | null;
  committeeId: string;
  name: string;
  currency: string;
  opensAt: string | null;
  closesAt: string | null;
}

export function parseCampaignRequest(raw: unknown): CampaignInput {
  const body = asObject(raw, 'body');
  return {
    campaignId: identifierField(body, 'campaignId', true),
    committeeId: identifierField(body, 'committeeId') as string,
    name: text(body, 'name') as string,
    currency: currency(body),
    opensAt: instant(body, 'opensAt', true),
    closesAt: instant(body, 'closesAt', true),
  };
}

export interface DonorInput {
  type: DonorType;
  /** The donor's identity with the postal code (see donor-identity.ts); null for an anonymous donor. */
  name: string | null;
  address: DonorAddress | null;
  email: string | null;
  occupation: string | null;
  employer: string | null;
  attestations: { usCitizenOrPermanentResident?: boolean; ownFunds?: boolean; notFederalContractor?: boolean };
}

export interface DonationInput {
  donationId: string | null;
  amountMinor: bigint;
  currency: string;
  donor: DonorInput;
  payment: { method: PaymentMethod; pspReference: string | null };
  electionId: string | null;
  receivedAt: string | null;
}

function attestations(body: Body): DonorInput['attestations'] {
  const raw = body.attestations === undefined ? {} : asObject(body.attestations, 'donor.attestations');
  const result: DonorInput['attestations'] = {};
  for (const key of ['usCitizenOrPermanentResident', 'ownFunds', 'notFederalContractor'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'boolean') invalid(`donor.attestations.${key}`, 'must be true or false');
    result[key] = raw[key] as boolean;
  }
  return result;
}

/** Refusals inside a nested object name the field by its path in the body (`donor.address.city`). */
function under<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.code, `${path}.${error.field}`, `${path}.${error.message}`);
  }
}

const POSTAL_CODE = /^[\p{L}\p{N}](?:[\p{L}\p{N} -]*[\p{L}\p{N}])?$/u;
// A sane address, not RFC 5322: a local part without spaces, quotes or brackets, and a domain
// of letter-or-digit labels (internationalised allowed) ending in a top-level name.
const EMAIL_LOCAL = /^[^\s@<>()[\]\\,;:"]{1,64}$/u;
const EMAIL_DOMAIN = /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

function email(donor: Body): string | null {
  const value = text(donor, 'email', { max: 254, optional: true });
  if (value === null) return null;
  const at = value.lastIndexOf('@');
  const [local, domain] = [value.slice(0, at), value.slice(at + 1).toLowerCase()];
  // The value itself is never echoed: error details reach logs and other people's screens.
  if (at < 1 || !EMAIL_LOCAL.test(local) || /^\.|\.$|\.\./.test(local) || !EMAIL_DOMAIN.test(domain)) invalid('email', 'is not an email address');
  return `${local}@${domain}`;
}

function address(donor: Body): DonorAddress | null {
  if (donor.address === undefined || donor.address === null) return null;
  const body = asObject(donor.address, 'address');
  const line = (field: string): string | null => text(body, field, { max: 100, optional: true });
  return under('address', () => {
    const postalCode = text(body, 'postalCode', { max: 16, optional: true });
    if (postalCode !== null && !POSTAL_CODE.test(postalCode)) invalid('postalCode', 'may hold only letters, digits, spaces and hyphens');
    const country = text(body, 'country', { max: 2, optional: true })?.toUpperCase() ?? null;
    if (country !== null && !ISO_3166_ALPHA2.has(country)) invalid('country', 'must be an ISO 3166-1 alpha-2 code');
    const parsed: DonorAddress = { line1: line('line1'), line2: line('line2'), city: line('city'), region: line('region'), postalCode, country };
    return Object.values(parsed).every((value) => value === null) ? null : parsed;
  });
}

function donorOf(raw: unknown): DonorInput {
  const donor = asObject(raw, 'donor');
  return {
    ...under('donor', () => ({
      type: oneOf(donor, 'type', DONOR_TYPES),
      name: text(donor, 'name', { optional: true }),
      address: address(donor),
      email: email(donor),
      occupation: text(donor, 'occupation', { max: 100, optional: true }),
      employer: text(donor, 'employer', { max: 100, optional: true }),
    })),
    attestations: attestations(donor),
  };
}

export function parseDonationRequest(raw: unknown): DonationInput {
  const body = asObject(raw, 'body');
  const payment = asObject(body.payment, 'payment');
  return {
    donationId: identifierField(body, 'donationId', true),
    amountMinor: amountMinor(body),
    currency: currency(body),
    donor: donorOf(body.donor),
    payment: {
      method: oneOf(payment, 'method', PAYMENT_METHODS),
      pspReference: text(payment, 'pspReference', { max: 128, optional: true }),
    },
    electionId: identifierField(body, 'electionId', true),
    receivedAt: instant(body, 'receivedAt', true),
  };
}
