import {
  ATTRIBUTION_BASES,
  CLIENT_ID_PATTERN,
  CURRENCY_EXPONENTS,
  DONOR_TYPES,
  ELECTION_KINDS,
  JURISDICTION_PROFILES,
  PAYMENT_METHODS,
  type AttributionBasis,
  type DonorAddress,
  type DonorAttestations,
  type DonorType,
  type Election,
  type InKindGift,
  type JurisdictionProfile,
  type PaymentMethod,
} from '#contracts';
import { parseCalendarDay, parseInstant } from '../shared/calendar.js';
import { numberLiteralOf } from './json-value.js';
import { ISO_3166_ALPHA2 } from './iso-3166.js';
import { parseInKind } from './in-kind-input.js';
import { parsePublicAcknowledgement, type PublicAcknowledgementInput } from './public-acknowledgement-input.js';
import { asObject, InputError, invalid, text, type Body } from './fields.js';

/** Intake's bodies (committee, campaign, donation and its donor) read into commands' data. */
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

/** An instant with a time zone, returned in UTC; refused when not a real time (input-time.ts). */
export function instant(body: Body, field: string, optional = false): string | null {
  const value = text(body, field, { max: 40, optional });
  if (value === null) return null;
  const parsed = parseInstant(value);
  if ('code' in parsed) throw new InputError(parsed.code, field, `${field}: ${parsed.reason}`);
  return parsed.iso;
}

/** A calendar day, YYYY-MM-DD, that exists. */
export function calendarDay(body: Body, field: string, label = field): string {
  const value = text(body, field, { max: 40, label }) as string;
  const parsed = parseCalendarDay(value);
  if ('code' in parsed) throw new InputError(parsed.code, label, `${label}: ${parsed.reason}`);
  return parsed.day;
}

export function currency(body: Body, field = 'currency'): string {
  // Exactly three capitals: " USD" or "U SD" is refused, not trimmed into a currency.
  if (typeof body[field] === 'string' && /[^A-Z]/.test(body[field])) invalid(field, 'must be an ISO 4217 code');
  const value = text(body, field, { max: 16 }) as string;
  if (!/^[A-Z]{3}$/.test(value)) invalid(field, 'must be an ISO 4217 code');
  if (!Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, value)) {
    throw new InputError('currency_not_supported', field, `${field}: ${value} is not supported`);
  }
  return value;
}

/** Names a client might give an amount in major units under; we take minor units only. */
const MAJOR_UNIT_FIELDS = ['amount', 'amountMajor'];

/**
 * "Wrong exponent for the currency": amounts are minor units, and a currency's minor unit is
 * ISO 4217's (USD 2 digits: 2500 = $25.00; JPY 0: 2500 = ¥2,500). A client may state the
 * exponent it counted in as `currencyExponent`; when it differs from ISO's, it counted in
 * something else and the amount is refused rather than booked off by a factor of 100.
 */
function checkExponent(body: Body): void {
  if (body.currencyExponent === undefined) return;
  const code = currency(body);
  const exponent = CURRENCY_EXPONENTS[code];
  if (body.currencyExponent !== exponent) {
    throw new InputError(
      'currency_exponent_mismatch',
      'currencyExponent',
      `currencyExponent: ${code} has ${exponent} minor-unit digits in ISO 4217; amountMinor must count those`,
    );
  }
}

/**
 * A JSON integer of minor units, within the safe-integer range, written as an integer: `2500`,
 * never `2500.0` or `2.5e3` (a double cannot tell `2500.0000000000001` from 2500, so an amount
 * written with a fraction or exponent is refused whatever its value), never a string. Zero and
 * negative amounts pass here; the decider names them.
 */
export function amountMinor(body: Body, field = 'amountMinor'): bigint {
  const major = MAJOR_UNIT_FIELDS.find((name) => body[name] !== undefined);
  if (major !== undefined) {
    throw new InputError('amount_must_be_minor_units', major, `${major}: amounts are sent as ${field}, an integer of the currency's minor units`);
  }
  const value = body[field];
  if (value === undefined) return invalid(field, 'is required');
  const literal = numberLiteralOf(body, field);
  const integerLiteral = literal === undefined || /^-?[0-9]+$/.test(literal);
  if (typeof value !== 'number' || Number.isNaN(value) || !integerLiteral || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new InputError('amount_must_be_integer', field, `${field} must be a JSON integer of minor units`);
  }
  if (!Number.isSafeInteger(value)) throw new InputError('amount_out_of_range', field, `${field} is outside the safe-integer range`);
  checkExponent(body);
  return BigInt(value);
}

export interface CommitteeInput {
  committeeId: string | null;
  name: string;
  jurisdiction: JurisdictionProfile;
  currency: string;
  elections: Election[];
  defaultElectionId: string | null;
  /** An IANA zone; null or absent: the profile's default (the decider checks it is a real zone). */
  timeZone?: string | null;
}

/** A jurisdiction profile we have rules for (JURISDICTION_PROFILES; each has a rule pack). */
function jurisdiction(body: Body): JurisdictionProfile {
  const value = body.jurisdiction;
  if (value === undefined || value === null) return invalid('jurisdiction', 'is required');
  if (typeof value !== 'string') return invalid('jurisdiction', 'must be a string');
  if (!(JURISDICTION_PROFILES as readonly string[]).includes(value)) {
    throw new InputError('jurisdiction_not_supported', 'jurisdiction', `jurisdiction: must be one of ${JURISDICTION_PROFILES.join(', ')}`);
  }
  return value as JurisdictionProfile;
}

export function parseCommitteeRequest(raw: unknown): CommitteeInput {
  const body = asObject(raw, 'body');
  const timeZone = text(body, 'timeZone', { max: 64, optional: true });
  const elections = body.elections ?? [];
  if (!Array.isArray(elections) || elections.length > 20) invalid('elections', 'must be an array of at most 20');
  return {
    committeeId: identifierField(body, 'committeeId', true),
    name: text(body, 'name') as string,
    jurisdiction: jurisdiction(body),
    currency: currency(body),
    elections: (elections as unknown[]).map((e, i) => {
      const election = asObject(e, `elections[${i}]`);
      return {
        electionId: identifierField(election, 'electionId') as string,
        kind: oneOf(election, 'kind', ELECTION_KINDS),
        date: calendarDay(election, 'date', `elections[${i}].date`),
      };
    }),
    defaultElectionId: identifierField(body, 'defaultElectionId', true),
    ...(timeZone === null ? {} : { timeZone }),
  };
}

/** A change of a committee's time zone: the new IANA zone and why (kept in the ledger). */
export interface TimeZoneChangeInput {
  timeZone: string;
  reason: string;
}

export function parseTimeZoneChangeRequest(raw: unknown): TimeZoneChangeInput {
  const body = asObject(raw, 'body');
  return { timeZone: text(body, 'timeZone', { max: 64 }) as string, reason: text(body, 'reason', { max: 500 }) as string };
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
  attestations: DonorAttestations;
  /** An organisation's UK registration number (PPERA s.54); null when not given, always for an individual. */
  registrationNumber: string | null;
  /** A partnership's or LLC's attribution of its gift (`donor.attribution`); absent or null when not given. */
  attribution?: AttributionInput | null;
}

/** What a partner or member may be said to be: a person, or a corporation or a labor organization, to which nothing may be attributed. */
export const PARTNER_TYPES = ['individual', 'company', 'trade_union'] as const satisfies readonly DonorType[];

/** A partner or member a gift is attributed to: a named person, and the part of the gift that is theirs. */
export interface PartnerInput {
  donor: DonorInput;
  amountMinor: bigint;
}

/** How a partnership or LLC says its gift is attributed (11 CFR 110.1(e), (g)(5)). */
export interface AttributionInput {
  basis: AttributionBasis;
  partners: PartnerInput[];
}

/** The givers that attribute their gift to partners or members (11 CFR 110.1(e), (g)). */
const ATTRIBUTING_TYPES: readonly DonorType[] = ['partnership', 'llc', 'single_member_llc'];
/** More partners than this on one gift is a list to look at, not a form to take. */
const MAX_PARTNERS = 100;

export interface DonationInput {
  donationId: string | null;
  amountMinor: bigint;
  currency: string;
  donor: DonorInput;
  payment: { method: PaymentMethod; pspReference: string | null; instrumentFingerprint?: string | null; inKind: InKindGift | null };
  electionId: string | null;
  receivedAt: string | null;
  /** The donation form's fingerprint of the donor's device; only its keyed hash is kept. */
  deviceFingerprint?: string | null;
  /** The donor's consent to the donor wall (`donor.publicAcknowledgement`); null without it. */
  publicAcknowledgement: PublicAcknowledgementInput | null;
}

const ATTESTATION_KEYS = [
  'usCitizenOrPermanentResident',
  'ownFunds',
  'notFederalContractor',
  'onUkElectoralRegister',
  'carriesOnBusinessInUk',
  'listedTradeUnion',
  'canadianCitizenOrPermanentResident',
] as const satisfies readonly (keyof DonorAttestations)[];

/**
 * Companies House (`01234567`, `SC123456`, `OC301234`), the Electoral Commission (`PP52`) and
 * the FCA (`1234R`) all use letters and digits; case is not significant. An individual has none.
 */
const REGISTRATION_NUMBER = /^[A-Z0-9]{1,20}$/;

function registrationNumber(donor: Body, type: DonorType): string | null {
  const value = text(donor, 'registrationNumber', { max: 20, optional: true })?.toUpperCase().replace(/\s+/g, '') ?? null;
  if (value === null) return null;
  if (type === 'individual') invalid('registrationNumber', 'is for organisations, not individuals');
  if (!REGISTRATION_NUMBER.test(value)) invalid('registrationNumber', 'may hold only letters and digits');
  return value;
}

function attestations(body: Body): DonorInput['attestations'] {
  const raw = body.attestations === undefined ? {} : asObject(body.attestations, 'donor.attestations');
  const result: DonorInput['attestations'] = {};
  for (const key of ATTESTATION_KEYS) {
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
  const value = text(donor, 'email', { max: 254, optional: true, blank: 'absent' });
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
  const line = (field: string): string | null => text(body, field, { max: 100, optional: true, blank: 'absent' });
  return under('address', () => {
    const postalCode = text(body, 'postalCode', { max: 16, optional: true, blank: 'absent' });
    if (postalCode !== null && !POSTAL_CODE.test(postalCode)) invalid('postalCode', 'may hold only letters, digits, spaces and hyphens');
    const country = text(body, 'country', { max: 2, optional: true, blank: 'absent' })?.toUpperCase() ?? null;
    if (country !== null && !ISO_3166_ALPHA2.has(country)) invalid('country', 'must be an ISO 3166-1 alpha-2 code');
    const parsed: DonorAddress = { line1: line('line1'), line2: line('line2'), city: line('city'), region: line('region'), postalCode, country };
    return Object.values(parsed).every((value) => value === null) ? null : parsed;
  });
}

/** What names and reaches a donor or a partner; refusals name the field itself. */
function contactOf(donor: Body, type: DonorType, nameOptional: boolean) {
  return {
    type,
    name: text(donor, 'name', { optional: nameOptional }),
    address: address(donor),
    email: email(donor),
    occupation: text(donor, 'occupation', { max: 100, optional: true, blank: 'absent' }),
    employer: text(donor, 'employer', { max: 100, optional: true, blank: 'absent' }),
    registrationNumber: registrationNumber(donor, type),
  };
}

/**
 * `donor.attribution`: the basis and the partners (each a named person with the part of the gift
 * that is theirs, an integer of minor units). Only a partnership or an LLC attributes its gift.
 * Whether the shares add up to the gift is the rules' to judge (a gift that does not is flagged
 * for the officer, not refused here), so the money is on record either way.
 */
function attribution(donor: Body, type: DonorType): AttributionInput | null {
  if (donor.attribution === undefined || donor.attribution === null) return null;
  if (!ATTRIBUTING_TYPES.includes(type)) invalid('attribution', 'is for a partnership or an LLC (11 CFR 110.1(e), (g))');
  const body = asObject(donor.attribution, 'attribution');
  return under('attribution', () => {
    const basis = oneOf(body, 'basis', ATTRIBUTION_BASES);
    const list = body.partners;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_PARTNERS) return invalid('partners', `must list 1 to ${MAX_PARTNERS} partners or members`);
    const partners = list.map((raw, i) =>
      under(`partners[${i}]`, () => {
        const partner = asObject(raw, 'partner');
        const share = amountMinor(partner);
        if (share <= 0n) invalid('amountMinor', 'must be more than nothing');
        // What the partner is, and their own attestations: no part may be attributed to a
        // corporation, a labor organization or a foreign national (the rules refuse it).
        const type = partner.type === undefined ? 'individual' : oneOf(partner, 'type', PARTNER_TYPES);
        return { donor: { ...contactOf(partner, type, false), attestations: attestations(partner) }, amountMinor: share };
      }),
    );
    return { basis, partners };
  });
}

/** A donor object as a donation carries it (`donor` in the body); refusals name `donor.…`. */
export function parseDonor(raw: unknown): DonorInput {
  const donor = asObject(raw, 'donor');
  const type = under('donor', () => oneOf(donor, 'type', DONOR_TYPES));
  const attributed = under('donor', () => attribution(donor, type));
  return {
    ...under('donor', () => contactOf(donor, type, true)),
    attestations: attestations(donor),
    ...(attributed === null ? {} : { attribution: attributed }),
  };
}

export function parseDonationRequest(raw: unknown): DonationInput {
  const body = asObject(raw, 'body');
  const payment = asObject(body.payment, 'payment');
  const method = oneOf(payment, 'method', PAYMENT_METHODS);
  return {
    donationId: identifierField(body, 'donationId', true),
    amountMinor: amountMinor(body),
    currency: currency(body),
    donor: parseDonor(body.donor),
    payment: {
      method,
      pspReference: text(payment, 'pspReference', { max: 128, optional: true }),
      instrumentFingerprint: text(payment, 'instrumentFingerprint', { max: 128, optional: true }),
      inKind: parseInKind(payment, method),
    },
    electionId: identifierField(body, 'electionId', true),
    receivedAt: instant(body, 'receivedAt', true),
    deviceFingerprint: text(body, 'deviceFingerprint', { max: 128, optional: true }),
    publicAcknowledgement: parsePublicAcknowledgement(body.donor),
  };
}
