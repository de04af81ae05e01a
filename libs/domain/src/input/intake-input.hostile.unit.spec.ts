import { InputError } from './fields.js';
import { parseCampaignRequest, parseCommitteeRequest, parseDonationRequest } from './intake-input.js';
import { attachNumberLiterals } from './json-value.js';

/** What the parsers answer to input a hostile or careless client sends: code, field and message. */
const refusal = (parse: () => unknown): { code: string; field: string; message: string } => {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error('expected an InputError');
};

const donation = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  amountMinor: 2500,
  currency: 'USD',
  donor: { type: 'individual', name: 'Ada Lovelace' },
  payment: { method: 'card', pspReference: 'pi_123' },
  ...changes,
});

/** A body as the strict JSON reader builds it: `amountMinor` written as `literal`. */
const writtenAs = (literal: string, changes: Record<string, unknown> = {}): Record<string, unknown> => {
  const body = donation({ amountMinor: Number(literal), ...changes });
  attachNumberLiterals(body, String(Number(literal)) === literal ? null : { amountMinor: literal });
  return body;
};

describe('amountMinor, as a hostile client writes it', () => {
  it.each([
    ['2500.0', 'a whole number with a fraction part'],
    ['2.5e3', 'exponent notation'],
    ['1e3', 'exponent notation without a fraction'],
    ['2500.0000000000001', 'a fraction a double rounds away'],
    ['0.5', 'half a cent'],
    ['1e400', 'an exponent past what a double holds'],
  ])('refuses %s (%s) as amount_must_be_integer', (literal) => {
    expect(refusal(() => parseDonationRequest(writtenAs(literal)))).toEqual({
      code: 'amount_must_be_integer',
      field: 'amountMinor',
      message: 'amountMinor must be a JSON integer of minor units',
    });
  });

  it.each(['9007199254740992', '9007199254740993', '-9007199254740993', '1' + '0'.repeat(400)])('refuses %s as amount_out_of_range', (literal) => {
    expect(refusal(() => parseDonationRequest(writtenAs(literal)))).toMatchObject({ code: 'amount_out_of_range', field: 'amountMinor' });
  });

  it('reads -0 as zero, which the decider refuses as not positive', () => {
    expect(parseDonationRequest(writtenAs('-0')).amountMinor).toBe(0n);
  });

  it.each([
    ['amount', { amount: 25, amountMinor: undefined }],
    ['amount', { amount: 25 }],
    ['amountMajor', { amountMajor: '25.00' }],
  ])('refuses an amount in major units under %s', (field, changes) => {
    expect(refusal(() => parseDonationRequest(donation(changes)))).toEqual({
      code: 'amount_must_be_minor_units',
      field,
      message: `${field}: amounts are sent as amountMinor, an integer of the currency's minor units`,
    });
  });
});

describe('currencyExponent', () => {
  it("takes the body when it states ISO 4217's exponent", () => {
    expect(parseDonationRequest(donation({ currencyExponent: 2 })).amountMinor).toBe(2500n);
    expect(parseDonationRequest(donation({ currency: 'JPY', currencyExponent: 0 })).amountMinor).toBe(2500n);
  });

  it.each<[string, number | string]>([
    ['USD', 0],
    ['USD', 3],
    ['JPY', 2],
    ['USD', '2'],
  ])('refuses %s counted with exponent %p', (currency, currencyExponent) => {
    expect(refusal(() => parseDonationRequest(donation({ currency, currencyExponent })))).toMatchObject({
      code: 'currency_exponent_mismatch',
      field: 'currencyExponent',
      message: expect.stringMatching(new RegExp(`^currencyExponent: ${currency} has [02] minor-unit digits in ISO 4217`)),
    });
  });
});

describe('text fields', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a bidi override in the donor name', donation({ donor: { type: 'individual', name: 'Jane\u202eSmith' } }), 'text_forbidden_characters', 'donor.name'],
    ['NUL in the PSP reference', donation({ payment: { method: 'card', pspReference: 'pi_\u0000' } }), 'text_forbidden_characters', 'pspReference'],
    ['a lone surrogate in the donor name', donation({ donor: { type: 'individual', name: '\ud800' } }), 'text_forbidden_characters', 'donor.name'],
    ['a zero-width space in an identifier', donation({ donationId: 'd\u200b1' }), 'text_forbidden_characters', 'donationId'],
    ['a 201-character name', donation({ donor: { type: 'individual', name: 'x'.repeat(201) } }), 'text_too_long', 'donor.name'],
    ['a 65-character donation id', donation({ donationId: 'd'.repeat(65) }), 'text_too_long', 'donationId'],
  ])('refuses %s', (_what, body, code, field) => {
    expect(refusal(() => parseDonationRequest(body))).toMatchObject({ code, field });
  });

  it('refuses a committee name that is blank once normalised', () => {
    expect(refusal(() => parseCommitteeRequest({ ...committee, name: ' \u3000 ' }))).toEqual({ code: 'invalid_request', field: 'name', message: 'name: must not be empty' });
  });
});

describe('receivedAt', () => {
  it.each<[string, string]>([
    ['2026-02-30T10:00:00Z', 'date_invalid'],
    ['2026-03-01T25:00:00Z', 'date_invalid'],
    ['2026-03-01T12:00:00', 'date_invalid'],
    ['yesterday', 'date_invalid'],
    ['1970-01-01T00:00:00Z', 'date_out_of_range'],
  ])('refuses %s as %s', (receivedAt, code) => {
    expect(refusal(() => parseDonationRequest(donation({ receivedAt })))).toMatchObject({ code, field: 'receivedAt' });
  });
});

const committee = {
  name: 'Smith for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }],
};

describe('committees', () => {
  it('refuses a jurisdiction we have no rules for, naming the ones we have', () => {
    expect(refusal(() => parseCommitteeRequest({ ...committee, jurisdiction: 'FR-CNCCFP' }))).toEqual({
      code: 'jurisdiction_not_supported',
      field: 'jurisdiction',
      message: 'jurisdiction: must be one of US-FEC-CANDIDATE, UK-PPERA-PARTY, UK-PPERA-ACCOUNTING-UNIT, CA-CEA-PARTY',
    });
    expect(refusal(() => parseCommitteeRequest({ ...committee, jurisdiction: 7 }))).toMatchObject({ code: 'invalid_request', field: 'jurisdiction' });
  });

  it.each<[string, string]>([
    ['2026-02-30', 'date_invalid'],
    ['2026-02-29', 'date_invalid'],
    ['2026-6-2', 'date_invalid'],
    ['1812-06-02', 'date_out_of_range'],
  ])('refuses election day %s as %s, naming the election', (date, code) => {
    const elections = [committee.elections[0], { electionId: 'g-2026', kind: 'general', date }];
    expect(refusal(() => parseCommitteeRequest({ ...committee, elections }))).toMatchObject({ code, field: 'elections[1].date' });
  });
});

describe('campaigns', () => {
  const campaign = { committeeId: 'c-smith', name: 'Spring', currency: 'USD' };

  it.each<[string, string, string]>([
    ['opensAt', '2026-02-30T00:00:00Z', 'date_invalid'],
    ['closesAt', '2026-06-01T24:00:00Z', 'date_invalid'],
    ['closesAt', '9999-12-31T23:59:59Z', 'date_out_of_range'],
  ])('refuses %s %s as %s', (field, value, code) => {
    expect(refusal(() => parseCampaignRequest({ ...campaign, [field]: value }))).toMatchObject({ code, field });
  });

  it('refuses a campaign name with a right-to-left override', () => {
    expect(refusal(() => parseCampaignRequest({ ...campaign, name: 'Spring \u202egnirps' }))).toMatchObject({ code: 'text_forbidden_characters', field: 'name' });
  });
});
