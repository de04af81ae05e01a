import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseAccountingUnitLinkRequest, parseCampaignRequest, parseFilingRequest, parseGeneralElectionPeriodRequest, parseCheckoutPaymentWebhook, parseCheckoutRequest, parseCommitteeRequest, parseDonationRequest, parsePaymentWebhook, parsePlanChangeRequest, parseRecurringPlanRequest } from '#domain';
import { apiDocument } from '#platform';
import { INTAKE_API } from './intake.openapi.js';

const INTAKE_OPENAPI = apiDocument([INTAKE_API]);

/*
 * The request schemas say what the parsers in libs/domain accept. Bodies the parsers take must
 * pass the schemas (a client validating against the document is never stricter than we are),
 * and bodies the parsers refuse for the rules a schema can say must fail them too.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(JSON.parse(JSON.stringify(INTAKE_OPENAPI)) as object, 'intake');
const schemaOf = (name: string) => ajv.getSchema(`intake#/components/schemas/${name}`) ?? ajv.compile({ $ref: `intake#/components/schemas/${name}` });

const parses = (parse: (body: unknown) => unknown, body: unknown): boolean => {
  try {
    parse(body);
    return true;
  } catch {
    return false;
  }
};

type Case = [string, unknown];
const donor = { type: 'individual', name: 'Ada Lovelace', address: { postalCode: '10001' } };
const donation = { amountMinor: 2500, currency: 'USD', donor, payment: { method: 'card', pspReference: 'ch_1' } };
const plan = {
  amountMinor: 1500,
  currency: 'USD',
  dayOfMonth: 31,
  donor,
  payment: { method: 'card', pspReference: 'sub_1' },
  consent: true,
  consentText: 'I give $15.00 every month until I cancel.',
  consentVersion: 'monthly-v1',
};
const webhook = {
  id: 'evt_1',
  type: 'payment.refunded',
  donationId: 'don-1',
  pspReference: 'ch_1',
  amountMinor: 1000,
  currency: 'USD',
  occurredAt: '2026-03-02T09:00:00Z',
};
const { donationId: _donation, ...rest } = webhook;
const checkoutWebhook = { ...rest, checkoutId: 'co-1' };
const committee = { name: 'Smith for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD' };

const bodies: Record<string, { parse: (body: unknown) => unknown; accepted: Case[]; refused: Case[] }> = {
  CommitteeRequest: {
    parse: parseCommitteeRequest,
    accepted: [
      ['minimal', { name: 'Labour HQ', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP' }],
      ['full', { ...committee, committeeId: 'smith-2026', elections: [{ electionId: 'general-2026', kind: 'general', date: '2026-11-03' }], defaultElectionId: 'general-2026' }],
      ['null optionals', { ...committee, committeeId: null, elections: null, defaultElectionId: null }],
      ['unknown members ignored', { ...committee, status: 'closed' }],
    ],
    refused: [
      ['no name', { jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD' }],
      ['unknown jurisdiction', { ...committee, jurisdiction: 'US-FEC-PAC' }],
      ['unknown election kind', { ...committee, elections: [{ electionId: 'e', kind: 'mayoral', date: '2026-11-03' }] }],
      ['21 elections', { ...committee, elections: Array.from({ length: 21 }, (_, i) => ({ electionId: `e${i}`, kind: 'general', date: '2026-11-03' })) }],
      ['id too long', { ...committee, committeeId: 'x'.repeat(65) }],
      ['lower-case currency', { ...committee, currency: 'usd' }],
      ['not an object', [committee]],
    ],
  },
  CampaignRequest: {
    parse: parseCampaignRequest,
    accepted: [
      ['minimal', { committeeId: 'smith-2026', name: 'Spring', currency: 'USD' }],
      ['window', { campaignId: 'spring', committeeId: 'smith-2026', name: 'Spring', currency: 'USD', opensAt: '2026-03-01T07:00:00-05:00', closesAt: null }],
    ],
    refused: [
      ['no committee', { name: 'Spring', currency: 'USD' }],
      ['bad campaign id', { campaignId: 'spring push', committeeId: 'smith-2026', name: 'Spring', currency: 'USD' }],
      ['unsupported currency', { committeeId: 'smith-2026', name: 'Spring', currency: 'XAU' }],
    ],
  },
  DonationRequest: {
    parse: parseDonationRequest,
    accepted: [
      ['minimal', { amountMinor: 2500, currency: 'USD', donor: { type: 'individual' }, payment: { method: 'cash' } }],
      ['walk-through', { ...donation, donationId: 'don-1' }],
      [
        'everything',
        {
          ...donation,
          currencyExponent: 2,
          electionId: 'general-2026',
          receivedAt: '2026-03-01T12:00:00Z',
          donor: {
            ...donor,
            address: { line1: '1 Main St', line2: null, city: 'New York', region: 'NY', postalCode: '10001', country: 'us' },
            email: 'ada@example.org',
            occupation: 'Engineer',
            employer: 'Analytical Engines',
            attestations: { usCitizenOrPermanentResident: true, ownFunds: true, notFederalContractor: true },
            publicAcknowledgement: { displayName: 'Ada L.', showAmount: true },
          },
        },
      ],
      ['consent to the wall without the amount', { ...donation, donor: { ...donor, publicAcknowledgement: { displayName: 'Ada' } } }],
      [
        'a partnership attributing its gift to two partners',
        { ...donation, donor: { type: 'partnership', name: 'Lovelace & Babbage', attribution: { basis: 'profit_share', partners: [{ name: 'Ada Lovelace', address: { postalCode: '10001' }, amountMinor: 1500 }, { name: 'Charles Babbage', occupation: 'Mathematician', amountMinor: 1000 }] } } },
      ],
      ['a single-member LLC naming its member', { ...donation, donor: { type: 'single_member_llc', name: 'Ada LLC', attribution: { basis: 'single_member', partners: [{ name: 'Ada Lovelace', amountMinor: 2500 }] } } }],
    ],
    refused: [
      ['amount as a string', { ...donation, amountMinor: '2500' }],
      ['amount with a fraction', { ...donation, amountMinor: 25.5 }],
      ['amount beyond 2^53-1', { ...donation, amountMinor: 2 ** 53 }],
      ['major units beside minor', { ...donation, amount: 25 }],
      ['no amount', { currency: 'USD', donor, payment: { method: 'card' } }],
      ['no donor', { amountMinor: 2500, currency: 'USD', payment: { method: 'card' } }],
      ['unknown donor type', { ...donation, donor: { type: 'alien' } }],
      ['unknown payment method', { ...donation, payment: { method: 'bitcoin' } }],
      ['name of 201 characters', { ...donation, donor: { ...donor, name: 'a'.repeat(201) } }],
      ['three-letter country', { ...donation, donor: { ...donor, address: { country: 'USA' } } }],
      ['postal code with symbols', { ...donation, donor: { ...donor, address: { postalCode: '10001!' } } }],
      ['attestation as text', { ...donation, donor: { ...donor, attestations: { ownFunds: 'yes' } } }],
      ['an individual attributing a gift', { ...donation, donor: { ...donor, attribution: { basis: 'agreement', partners: [{ name: 'Ada Lovelace', amountMinor: 2500 }] } } }],
      ['an attribution without partners', { ...donation, donor: { type: 'partnership', name: 'L&B', attribution: { basis: 'agreement', partners: [] } } }],
      ['an attribution on an unknown basis', { ...donation, donor: { type: 'partnership', name: 'L&B', attribution: { basis: 'equal', partners: [{ name: 'Ada Lovelace', amountMinor: 2500 }] } } }],
      ['a partner without a name', { ...donation, donor: { type: 'partnership', name: 'L&B', attribution: { basis: 'agreement', partners: [{ amountMinor: 2500 }] } } }],
      ['a partner share of nothing', { ...donation, donor: { type: 'partnership', name: 'L&B', attribution: { basis: 'agreement', partners: [{ name: 'Ada Lovelace', amountMinor: 0 }] } } }],
      ['a partner share as text', { ...donation, donor: { type: 'partnership', name: 'L&B', attribution: { basis: 'agreement', partners: [{ name: 'Ada Lovelace', amountMinor: '2500' }] } } }],
      ['wall consent without a display name', { ...donation, donor: { ...donor, publicAcknowledgement: { showAmount: true } } }],
      ['wall consent showing the amount as text', { ...donation, donor: { ...donor, publicAcknowledgement: { displayName: 'Ada', showAmount: 'yes' } } }],
      ['psp reference of 129 characters', { ...donation, payment: { method: 'card', pspReference: 'r'.repeat(129) } }],
      ['donation id with a space', { ...donation, donationId: 'don 1' }],
    ],
  },
  RecurringPlanRequest: {
    parse: parseRecurringPlanRequest,
    accepted: [
      ['walk-through', { ...plan, planId: 'ada-monthly', startsOn: '2026-12-01' }],
      ['consent time given', { ...plan, consentedAt: '2026-03-01T10:00:00Z', electionId: null }],
    ],
    refused: [
      ['day 32', { ...plan, dayOfMonth: 32 }],
      ['day 0', { ...plan, dayOfMonth: 0 }],
      ['day as text', { ...plan, dayOfMonth: '1' }],
      ['no day', { ...plan, dayOfMonth: undefined }],
      ['consent text of 2001 characters', { ...plan, consentText: 'c'.repeat(2001) }],
      ['plan id with a slash', { ...plan, planId: 'a/b' }],
    ],
  },
  PlanChangeRequest: {
    parse: parsePlanChangeRequest,
    accepted: [
      ['null', null],
      ['empty', {}],
      ['full', { requestedBy: 'psp', reason: 'mandate revoked' }],
    ],
    refused: [
      ['unknown requester', { requestedBy: 'bank' }],
      ['an array', []],
      ['reason of 501 characters', { reason: 'r'.repeat(501) }],
    ],
  },
  PaymentWebhook: {
    parse: parsePaymentWebhook,
    accepted: [
      ['refund', webhook],
      ['with a reason', { ...webhook, type: 'payment.charged_back', reason: 'fraud' }],
    ],
    refused: [
      ['an unknown member', { ...webhook, note: 'x' }],
      ['an unknown type', { ...webhook, type: 'payment.pending' }],
      ['no occurredAt', { ...webhook, occurredAt: undefined }],
      ['an id with a space', { ...webhook, id: 'evt 1' }],
      ['amount with a fraction', { ...webhook, amountMinor: 10.5 }],
    ],
  },
  CheckoutRequest: {
    parse: parseCheckoutRequest,
    accepted: [
      ['three ways', { ...donation, amountMinor: 10_000, allocations: [{ recipientCommitteeId: 'ada', amountMinor: 5_000 }, { recipientCommitteeId: 'bo', amountMinor: 3_000, electionId: 'p-2026' }, { recipientCommitteeId: 'cy', amountMinor: 2_000, currency: 'USD' }] }],
      ['with a checkout id', { ...donation, checkoutId: 'co-1', allocations: [{ recipientCommitteeId: 'ada', amountMinor: 2_500 }] }],
    ],
    refused: [
      ['no allocations', { ...donation }],
      ['empty allocations', { ...donation, allocations: [] }],
      ['51 allocations', { ...donation, allocations: Array.from({ length: 51 }, (_, i) => ({ recipientCommitteeId: `r${i}`, amountMinor: 1 })) }],
      ['an allocation without a recipient', { ...donation, allocations: [{ amountMinor: 2_500 }] }],
      ['an allocation amount as text', { ...donation, allocations: [{ recipientCommitteeId: 'ada', amountMinor: '2500' }] }],
    ],
  },
  CheckoutPaymentWebhook: {
    parse: parseCheckoutPaymentWebhook,
    accepted: [
      ['refund', checkoutWebhook],
      ['chargeback', { ...checkoutWebhook, type: 'payment.charged_back', reason: 'fraud' }],
      // Issue 15: a capture or failure of the one payment applies to every share once.
      ['a capture', { ...checkoutWebhook, type: 'payment.captured' }],
      ['a failure', { ...checkoutWebhook, type: 'payment.failed', reason: 'card declined' }],
    ],
    refused: [
      ['an unknown type', { ...checkoutWebhook, type: 'payment.disputed' }],
      ['a donation id beside it', { ...webhook, checkoutId: 'co-1' }],
      ['no checkout id', { ...webhook, donationId: undefined }],
    ],
  },
  GeneralElectionPeriodRequest: {
    parse: parseGeneralElectionPeriodRequest,
    accepted: [
      ['whole UK by default', { periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', partyRegisteredIn: ['great_britain'], reason: 'dissolution' }],
      ['registered nowhere', { periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', heldIn: ['northern_ireland'], partyRegisteredIn: [], reason: 'dissolution' }],
    ],
    refused: [
      ['no registers', { periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', reason: 'dissolution' }],
      ['unknown part', { periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', partyRegisteredIn: ['wales'], reason: 'dissolution' }],
      ['held nowhere', { periodId: 'ukpga-2029', dissolvedOn: '2029-05-30', pollOn: '2029-07-04', heldIn: [], partyRegisteredIn: [], reason: 'dissolution' }],
    ],
  },
  FilingRequest: {
    parse: parseFilingRequest,
    accepted: [
      ['minimal', { kind: 'ppera_quarterly', periodTo: '2026-03-31', filedOn: '2026-04-28' }],
      ['with reference', { kind: 'ppera_weekly', periodTo: '2029-06-05', filedOn: '2029-06-11', reference: 'PEF-1', reason: 'PEF Online' }],
    ],
    refused: [
      ['unknown kind', { kind: 'annual', periodTo: '2026-03-31', filedOn: '2026-04-28' }],
      ['no day filed', { kind: 'ppera_quarterly', periodTo: '2026-03-31' }],
      ['empty reference', { kind: 'ppera_quarterly', periodTo: '2026-03-31', filedOn: '2026-04-28', reference: '' }],
    ],
  },
  AccountingUnitLinkRequest: {
    parse: parseAccountingUnitLinkRequest,
    accepted: [['unit', { unitCommitteeId: 'unit-north', reason: 'registered accounting unit' }]],
    refused: [
      ['no reason', { unitCommitteeId: 'unit-north' }],
      ['bad id', { unitCommitteeId: 'unit north', reason: 'x' }],
    ],
  },
};

const withoutUndefined = (body: unknown): unknown => JSON.parse(JSON.stringify(body) ?? 'null');

describe.each(Object.entries(bodies))('%s', (name, { parse, accepted, refused }) => {
  it.each(accepted)('accepts what the parser accepts: %s', (_case, body) => {
    expect(parses(parse, body)).toBe(true);
    const validate = schemaOf(name);
    expect({ valid: validate(withoutUndefined(body)), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it.each(refused)('refuses what the parser refuses: %s', (_case, body) => {
    expect(parses(parse, withoutUndefined(body))).toBe(false);
    expect(schemaOf(name)(withoutUndefined(body))).toBe(false);
  });
});

describe('every component schema', () => {
  it.each(Object.keys(INTAKE_OPENAPI.components.schemas))('%s is a JSON Schema 2020-12 that compiles', (name) => {
    expect(() => schemaOf(name)).not.toThrow();
  });
});
