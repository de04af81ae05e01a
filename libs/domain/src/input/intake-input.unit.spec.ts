import { DONOR_TYPES } from '#contracts';
import { InputError } from './fields.js';
import { parseCampaignRequest, parseCommitteeRequest, parseTimeZoneChangeRequest, parseDonationRequest } from './intake-input.js';

/** The InputError a parse raises, as the fields a client sees. */
const refusal = (parse: () => unknown): { code: string; field: string; message: string } => {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error('expected an InputError');
};

const donationBody = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  donationId: 'd-123',
  amountMinor: 2500,
  currency: 'USD',
  donor: {
    type: 'individual',
    name: '  Jane Q. Smith ',
    address: { postalCode: '20002' },
    email: 'jane@example.org',
    attestations: { usCitizenOrPermanentResident: true, ownFunds: true },
  },
  payment: { method: 'card', pspReference: 'pi_123' },
  electionId: 'p-2026',
  receivedAt: '2026-03-01T07:00:00-05:00',
  ...changes,
});

describe('parseDonationRequest', () => {
  it('turns a valid body into typed data: bigint minor units, trimmed text, a UTC instant', () => {
    expect(parseDonationRequest(donationBody())).toStrictEqual({
      donationId: 'd-123',
      amountMinor: 2_500n,
      currency: 'USD',
      donor: {
        type: 'individual',
        name: 'Jane Q. Smith',
        address: { line1: null, line2: null, city: null, region: null, postalCode: '20002', country: null },
        email: 'jane@example.org',
        occupation: null,
        employer: null,
        attestations: { usCitizenOrPermanentResident: true, ownFunds: true },
        registrationNumber: null,
      },
      payment: { method: 'card', pspReference: 'pi_123', instrumentFingerprint: null, inKind: null },
      electionId: 'p-2026',
      receivedAt: '2026-03-01T12:00:00.000Z',
      deviceFingerprint: null,
      publicAcknowledgement: null,
    });
  });

  it('leaves optional fields empty when they are absent', () => {
    const parsed = parseDonationRequest({ amountMinor: 100, currency: 'GBP', donor: { type: 'other' }, payment: { method: 'cash' } });
    expect(parsed).toStrictEqual({
      donationId: null,
      amountMinor: 100n,
      currency: 'GBP',
      donor: { type: 'other', name: null, address: null, email: null, occupation: null, employer: null, attestations: {}, registrationNumber: null },
      payment: { method: 'cash', pspReference: null, instrumentFingerprint: null, inKind: null },
      electionId: null,
      receivedAt: null,
      deviceFingerprint: null,
      publicAcknowledgement: null,
    });
  });

  it('takes the PSP instrument fingerprint and the device fingerprint, which only intake reads (to key them)', () => {
    const parsed = parseDonationRequest({ amountMinor: 100, currency: 'USD', donor: { type: 'other' }, payment: { method: 'card', instrumentFingerprint: ' fp_1 ' }, deviceFingerprint: 'dev-2' });
    expect(parsed).toMatchObject({ payment: { instrumentFingerprint: 'fp_1' }, deviceFingerprint: 'dev-2' });
  });

  describe('amountMinor', () => {
    it('takes a JSON integer of minor units, up to the largest safe integer, in any currency', () => {
      expect(parseDonationRequest(donationBody({ amountMinor: Number.MAX_SAFE_INTEGER })).amountMinor).toBe(9_007_199_254_740_991n);
      expect(parseDonationRequest(donationBody({ amountMinor: 5000, currency: 'JPY' })).amountMinor).toBe(5_000n);
    });

    it.each<[string, unknown]>([
      ['major units with cents (USD 25.50)', 25.5],
      ['a fraction of a yen, which has no minor unit', 1000.5],
      ['a string', '2500'],
      ['a decimal string', '25.00'],
      ['null', null],
      ['a boolean', true],
    ])('refuses %s', (_what, amountMinor) => {
      const currency = amountMinor === 1000.5 ? 'JPY' : 'USD';
      expect(refusal(() => parseDonationRequest(donationBody({ amountMinor, currency })))).toEqual({
        code: 'amount_must_be_integer',
        field: 'amountMinor',
        message: 'amountMinor must be a JSON integer of minor units',
      });
    });

    it('refuses an integer beyond the safe range, where a JSON number loses cents', () => {
      expect(refusal(() => parseDonationRequest(donationBody({ amountMinor: 2 ** 53 })))).toEqual({
        code: 'amount_out_of_range',
        field: 'amountMinor',
        message: 'amountMinor is outside the safe-integer range',
      });
    });

    it('requires it', () => {
      const { amountMinor: _omitted, ...body } = donationBody();
      expect(refusal(() => parseDonationRequest(body))).toEqual({ code: 'invalid_request', field: 'amountMinor', message: 'amountMinor: is required' });
    });

    it('leaves zero and negative amounts to the decider, which names them', () => {
      expect(parseDonationRequest(donationBody({ amountMinor: 0 })).amountMinor).toBe(0n);
      expect(parseDonationRequest(donationBody({ amountMinor: -5 })).amountMinor).toBe(-5n);
    });
  });

  describe('currency', () => {
    it('refuses a well-formed code we do not take', () => {
      expect(refusal(() => parseDonationRequest(donationBody({ currency: 'XYZ' })))).toEqual({
        code: 'currency_not_supported',
        field: 'currency',
        message: 'currency: XYZ is not supported',
      });
    });

    it.each<[unknown, string]>([
      ['usd', 'currency: must be an ISO 4217 code'],
      ['US$', 'currency: must be an ISO 4217 code'],
      ['USDX', 'currency: must be an ISO 4217 code'],
      [840, 'currency: must be a string'],
      [undefined, 'currency: is required'],
    ])('refuses %p', (currency, message) => {
      expect(refusal(() => parseDonationRequest(donationBody({ currency })))).toEqual({ code: 'invalid_request', field: 'currency', message });
    });
  });

  describe('missing or malformed fields', () => {
    it.each<[string, unknown, string, string]>([
      ['a body that is not an object', ['x'], 'body', 'body: must be an object'],
      ['a null body', null, 'body', 'body: must be an object'],
      ['no donor', donationBody({ donor: undefined }), 'donor', 'donor: must be an object'],
      ['no payment', donationBody({ payment: undefined }), 'payment', 'payment: must be an object'],
      ['no donor type', donationBody({ donor: { name: 'Jane' } }), 'donor.type', `donor.type: must be one of ${DONOR_TYPES.join(', ')}`],
      ['an unknown payment method', donationBody({ payment: { method: 'bitcoin' } }), 'method', 'method: must be one of card, bank_transfer, check, cash, in_kind'],
      ['a donation id with spaces', donationBody({ donationId: 'd 1' }), 'donationId', 'donationId: must be 1-64 letters, digits, - or _'],
      [
        'an attestation that is not a boolean',
        donationBody({ donor: { type: 'individual', attestations: { ownFunds: 'yes' } } }),
        'donor.attestations.ownFunds',
        'donor.attestations.ownFunds: must be true or false',
      ],
    ])('refuses %s', (_what, body, field, message) => {
      expect(refusal(() => parseDonationRequest(body))).toEqual({ code: 'invalid_request', field, message });
    });
  });

  it('normalises text to NFC and treats blank optional text as absent', () => {
    const parsed = parseDonationRequest(donationBody({ donor: { type: 'individual', name: 'Jose\u0301', email: '   ' } }));
    expect([parsed.donor.name, parsed.donor.email]).toEqual(['Jos\u00e9', null]);
  });

  it('raises errors that are InputErrors', () => {
    const error = (() => {
      try {
        parseDonationRequest(null);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(Error);
    expect((error as InputError).name).toBe('InputError');
  });
});

describe('parseCommitteeRequest', () => {
  const body = {
    name: 'Smith for Congress',
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }],
    defaultElectionId: 'p-2026',
  };

  it('parses a committee with its elections', () => {
    expect(parseCommitteeRequest(body)).toStrictEqual({
      committeeId: null,
      name: 'Smith for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'p-2026', kind: 'primary', date: '2026-06-02' }],
      defaultElectionId: 'p-2026',
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['elections that are not an array', { elections: {} }, 'elections', 'elections: must be an array of at most 20'],
    ['more than 20 elections', { elections: Array.from({ length: 21 }, (_, i) => ({ electionId: `e${i}`, kind: 'primary', date: '2026-06-02' })) }, 'elections', 'elections: must be an array of at most 20'],
    ['an election that is not an object', { elections: ['p-2026'] }, 'elections[0]', 'elections[0]: must be an object'],
    ['an election of an unknown kind', { elections: [{ electionId: 'p', kind: 'caucus', date: '2026-06-02' }] }, 'kind', 'kind: must be one of primary, general, runoff, special, convention'],
    ['no name', { name: undefined }, 'name', 'name: is required'],
  ])('refuses %s', (_what, changes, field, message) => {
    expect(refusal(() => parseCommitteeRequest({ ...body, ...changes }))).toEqual({ code: 'invalid_request', field, message });
  });
});

describe('parseCampaignRequest', () => {
  it('parses a campaign, with its window as UTC instants', () => {
    const parsed = parseCampaignRequest({ committeeId: 'c-smith', name: 'Spring', currency: 'USD', opensAt: '2026-02-01T00:00:00+01:00' });
    expect(parsed).toStrictEqual({
      campaignId: null,
      committeeId: 'c-smith',
      name: 'Spring',
      currency: 'USD',
      opensAt: '2026-01-31T23:00:00.000Z',
      closesAt: null,
    });
  });

  it('requires the committee and a non-blank name', () => {
    expect(refusal(() => parseCampaignRequest({ name: 'Spring', currency: 'USD' }))).toEqual({
      code: 'invalid_request',
      field: 'committeeId',
      message: 'committeeId: is required',
    });
    expect(refusal(() => parseCampaignRequest({ committeeId: 'c-smith', name: '   ', currency: 'USD' }))).toEqual({
      code: 'invalid_request',
      field: 'name',
      message: 'name: must not be empty',
    });
  });
});

describe('a committee time zone in the request (issue 14)', () => {
  const committee = { name: 'Lee for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [{ electionId: 'g-2026', kind: 'general', date: '2026-11-03' }] };

  it('reads a named zone, and leaves it out when none is named (the decider gives the default)', () => {
    expect(parseCommitteeRequest({ ...committee, timeZone: 'America/Chicago' }).timeZone).toBe('America/Chicago');
    expect('timeZone' in parseCommitteeRequest(committee)).toBe(false);
  });

  it('reads a change of zone with its reason, both required', () => {
    expect(parseTimeZoneChangeRequest({ timeZone: 'America/Chicago', reason: 'moved' })).toEqual({ timeZone: 'America/Chicago', reason: 'moved' });
    expect(() => parseTimeZoneChangeRequest({ timeZone: 'America/Chicago' })).toThrow(/reason/);
  });
});

describe('empty strings and currencies, strictly', () => {
  const codeAndField = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof InputError) return [error.code, error.field];
      throw error;
    }
    return ['accepted'];
  };

  it.each([
    ['an empty donor name (it must not make the donor anonymous)', { donor: { type: 'individual', name: '' } }, 'donor.name'],
    ['a blank donor name', { donor: { type: 'individual', name: '   ' } }, 'donor.name'],
    ['an empty donation id', { donationId: '' }, 'donationId'],
    ['an empty PSP reference', { payment: { method: 'card', pspReference: '' } }, 'pspReference'],
    ['an empty election id', { electionId: ' ' }, 'electionId'],
    ['a currency with a space before it', { currency: ' USD' }, 'currency'],
    ['a currency with a space inside it', { currency: 'U SD' }, 'currency'],
    ['a currency with a trailing tab', { currency: 'USD\t' }, 'currency'],
  ])('refuses %s', (_what, changes, field) => {
    expect(codeAndField(() => parseDonationRequest(donationBody(changes)))).toEqual(['invalid_request', field]);
  });

  describe('a gift in kind (payment.inKind)', () => {
    const gift = { nature: 'premises', description: '  Office space for March  ', valuationBasis: 'market rent of comparable offices' };

    it('given method in_kind with its nature, description and valuation basis, then they are kept, trimmed', () => {
      expect(parseDonationRequest(donationBody({ payment: { method: 'in_kind', inKind: gift } })).payment).toMatchObject({
        method: 'in_kind', inKind: { nature: 'premises', description: 'Office space for March', valuationBasis: 'market rent of comparable offices' },
      });
    });

    it.each([
      ['method in_kind without inKind', { method: 'in_kind' }, 'payment.inKind'],
      ['money that says it was in kind', { method: 'card', pspReference: 'pi_1', inKind: gift }, 'payment.inKind'],
      ['a nature the filings do not know', { method: 'in_kind', inKind: { ...gift, nature: 'cash' } }, 'payment.inKind.nature'],
      ['no description', { method: 'in_kind', inKind: { ...gift, description: ' ' } }, 'payment.inKind.description'],
      ['a description longer than the FEC purpose keeps (91)', { method: 'in_kind', inKind: { ...gift, description: 'x'.repeat(92) } }, 'payment.inKind.description'],
      ['no valuation basis', { method: 'in_kind', inKind: { nature: 'goods', description: 'Leaflets' } }, 'payment.inKind.valuationBasis'],
    ])('refuses %s', (_what, payment, field) => {
      expect(codeAndField(() => parseDonationRequest(donationBody({ payment })))[1]).toBe(field);
    });
  });

  it('reads a donor without a name (absent or null) as anonymous, and blank contact details as absent', () => {
    expect(parseDonationRequest(donationBody({ donor: { type: 'individual' } })).donor.name).toBeNull();
    expect(parseDonationRequest(donationBody({ donor: { type: 'individual', name: null, occupation: '', employer: ' ' } })).donor).toMatchObject({ name: null, occupation: null, employer: null });
  });
});
