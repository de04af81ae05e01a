import { ATTRIBUTION_BASES, CURRENCY_EXPONENTS, DISPOSAL_MANNERS, DONOR_TYPES, FILING_KINDS, UK_REGISTERS, ELECTION_KINDS, IN_KIND_NATURES, JURISDICTION_PROFILES, PAYMENT_METHODS, PLAN_CHANGE_REQUESTERS } from '#contracts';
import { PARTNER_TYPES, PAYMENT_WEBHOOK_TYPES, RECURRING_PAYMENT_METHODS } from '#domain';
import { clientId, ref, type JsonSchema } from '#platform';

/**
 * Request bodies as the parsers in libs/domain read them (intake-input.ts,
 * recurring-plan-input.ts, payment-webhook-input.ts). Enumerations come from the same
 * constants the parsers use. Text is NFC-normalised and trimmed before its length (in code
 * points, as JSON Schema counts) is checked; control, bidi and invisible characters are refused
 * (422 text_forbidden_characters). Members a body does not define are ignored, except in webhooks.
 */
const optional = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as 'string', 'null'] });
const text = (maxLength: number, description?: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength, ...(description ? { description } : {}) });
/** A contact detail a web form submits empty when left blank: a blank is read as absent. Every other text needs a character. */
const blankIsAbsent = (maxLength: number, description?: string): JsonSchema =>
  optional({ type: 'string', minLength: 0, maxLength, description: `${description ? `${description} ` : ''}An empty or blank value is read as absent.` });
const instant = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  description: `${description} RFC 3339 with a zone, a real time, in the years 2000-2099; answered in UTC.`,
});

const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS);

export const requestSchemas: Record<string, JsonSchema> = {
  DonorLookupRequest: {
    type: 'object',
    required: ['donor'],
    description: "Who the donor says they are, as a donation's donor object: the type, name and postal code form the identity.",
    properties: { donor: ref('schemas', 'Donor') },
  },
  ClientId: clientId,
  Currency: {
    type: 'string',
    enum: SUPPORTED_CURRENCIES,
    description: 'ISO 4217. Three other upper-case letters: 422 currency_not_supported; anything else: 400 invalid_request.',
  },
  AmountMinor: {
    type: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description:
      "Minor units of the currency (USD 2500 = $25.00, JPY 2500 = ¥2,500), written as a JSON integer: not `2500.0`, `2.5e3` or a string (422 amount_must_be_integer). Zero or less: 422 amount_must_be_positive.",
  },
  Election: {
    type: 'object',
    required: ['electionId', 'kind', 'date'],
    properties: {
      electionId: ref('schemas', 'ClientId'),
      kind: { type: 'string', enum: ELECTION_KINDS },
      date: { type: 'string', format: 'date', description: 'Election day, YYYY-MM-DD, a real day in 2000-2099.' },
    },
  },
  CommitteeRequest: {
    type: 'object',
    required: ['name', 'jurisdiction', 'currency'],
    properties: {
      committeeId: { ...optional(clientId), description: 'Chosen by the client; a UUID when absent. Taken by anyone (any tenant): 409.' },
      name: text(200),
      jurisdiction: {
        type: 'string',
        enum: JURISDICTION_PROFILES,
        description: 'Selects the rule pack. US-FEC-CANDIDATE: USD and at least one election; UK-PPERA-PARTY (a party central organisation) and UK-PPERA-ACCOUNTING-UNIT (one of its accounting units): GBP; CA-CEA-PARTY (a Canadian registered party, Canada Elections Act): CAD. Another: 422 jurisdiction_not_supported.',
      },
      currency: ref('schemas', 'Currency'),
      elections: { type: ['array', 'null'], maxItems: 20, items: ref('schemas', 'Election') },
      defaultElectionId: { ...optional(clientId), description: 'The election a donation counts towards when it names none.' },
      timeZone: {
        type: ['string', 'null'],
        maxLength: 64,
        description:
          'IANA time zone whose calendar days every legal date of the committee is counted in (contribution dates, report periods, pre-election windows, remedy deadlines). Absent: America/New_York for a US committee, Europe/London for a UK one (the answer says timeZoneDefaulted: true). A UK profile must be Europe/London (422 time_zone_mismatch); an unknown zone is 422 time_zone_invalid.',
      },
    },
  },
  TimeZoneChangeRequest: {
    type: 'object',
    required: ['timeZone', 'reason'],
    properties: {
      timeZone: text(64, 'The IANA zone that applies from now on.'),
      reason: text(500, 'Why the zone changes; kept in the ledger with who changed it.'),
    },
  },
  GeneralElectionPeriodRequest: {
    type: 'object',
    required: ['periodId', 'dissolvedOn', 'pollOn', 'partyRegisteredIn', 'reason'],
    properties: {
      periodId: { ...clientId, description: 'The name the party gives the election; declaring it again corrects it.' },
      dissolvedOn: { type: 'string', format: 'date', description: 'The day Parliament is dissolved: the first day of the period (PPERA s.63(6)(a)).' },
      pollOn: { type: 'string', format: 'date', description: 'The day of the poll: the last day of the period (s.63(6)(b)).' },
      heldIn: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', enum: UK_REGISTERS }, description: 'Where the election is held; absent: both parts of the UK.' },
      partyRegisteredIn: { type: 'array', maxItems: 2, items: { type: 'string', enum: UK_REGISTERS }, description: 'The registers the party stands in (PPERA s.23).' },
      reason: text(500, 'The proclamation or dissolution it follows.'),
    },
  },
  FilingRequest: {
    type: 'object',
    required: ['kind', 'periodTo', 'filedOn'],
    properties: {
      kind: { type: 'string', enum: FILING_KINDS },
      periodTo: { type: 'string', format: 'date', description: 'The last day of the report\'s period, as remedies-due lists it.' },
      filedOn: { type: 'string', format: 'date', description: 'The committee-local day it was delivered.' },
      reference: optional(text(100, "The regulator's acknowledgement or reference.")),
      reason: optional(text(500, 'A note kept with the record.')),
    },
  },
  AccountingUnitLinkRequest: {
    type: 'object',
    required: ['unitCommitteeId', 'reason'],
    properties: { unitCommitteeId: { ...clientId, description: 'The accounting unit\'s committee (UK-PPERA-ACCOUNTING-UNIT).' }, reason: text(500, 'Its registration with the Commission.') },
  },
  NetDebtsRequest: {
    type: 'object',
    required: ['netDebtsMinor', 'asOf', 'reason'],
    properties: {
      netDebtsMinor: { type: 'integer', minimum: 0, description: "The election's net debts outstanding, in minor units of the committee's currency." },
      asOf: { type: 'string', format: 'date', description: 'The committee-local day the figure is stated as of: on or after the election, not after today.' },
      reason: text(500, 'Where the figure comes from; kept in the ledger with who recorded it.'),
    },
  },
  CandidacyEndRequest: {
    type: 'object',
    required: ['cause', 'endedOn', 'reason'],
    properties: {
      cause: { type: 'string', enum: ['lost_primary', 'withdrew'] },
      endedOn: { type: 'string', format: 'date', description: "The committee-local day the candidacy ended (the primary's day when it was lost); not after today." },
      reason: text(500, 'The evidence (a certified result, a withdrawal letter); kept in the ledger with who recorded it.'),
    },
  },
  DepositRequest: {
    type: 'object',
    required: ['depositedOn'],
    properties: { depositedOn: { type: 'string', format: 'date', description: "The committee-local day the money was deposited." } },
  },
  DateCorrectionRequest: {
    type: 'object',
    required: ['date', 'corrected', 'reason'],
    properties: {
      date: { type: 'string', enum: ['received', 'deposited', 'accepted'] },
      corrected: { type: 'string', description: 'For received and accepted, an RFC 3339 instant with its zone; for deposited, a committee-local day (YYYY-MM-DD).' },
      reason: text(500, 'Why the recorded date was wrong; kept in the ledger with who corrected it.'),
    },
  },
  DisposalRequest: {
    type: 'object',
    required: ['manner', 'dealtWithOn', 'reason'],
    properties: {
      manner: { type: 'string', enum: [...DISPOSAL_MANNERS] },
      dealtWithOn: { type: 'string', format: 'date', description: 'The committee-local day it was returned, paid or forfeited.' },
      reference: { ...text(200, 'The payment, receipt or court order it was done under; required for a forfeiture.') },
      reason: text(500, 'Why it was dealt with so; kept in the ledger with who recorded it.'),
    },
  },
  CampaignRequest: {
    type: 'object',
    required: ['committeeId', 'name', 'currency'],
    properties: {
      campaignId: { ...optional(clientId), description: 'Chosen by the client; a UUID when absent. Taken by anyone (any tenant): 409.' },
      committeeId: { ...clientId, description: "One of the caller's tenant's committees." },
      name: text(200),
      currency: { ...ref('schemas', 'Currency'), description: "The committee's currency." },
      opensAt: optional(instant('When donations start counting; now when absent.')),
      closesAt: optional(instant('When donations stop; open-ended when absent. After opensAt.')),
    },
  },
  DonorAddress: {
    type: ['object', 'null'],
    properties: {
      line1: blankIsAbsent(100),
      line2: blankIsAbsent(100),
      city: blankIsAbsent(100),
      region: blankIsAbsent(100, 'State, county or province.'),
      postalCode: optional({ ...text(16), pattern: '^[\\p{L}\\p{N}](?:[\\p{L}\\p{N} -]*[\\p{L}\\p{N}])?$', description: 'Letters, digits, spaces and hyphens.' }),
      country: optional({ type: 'string', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 (any case; stored upper case).' }),
    },
  },
  Donor: {
    type: 'object',
    required: ['type'],
    // Only a partnership or an LLC attributes its gift (11 CFR 110.1(e), (g)).
    anyOf: [{ not: { required: ['attribution'] } }, { properties: { attribution: { type: 'null' } } }, { properties: { type: { enum: ['partnership', 'llc', 'single_member_llc'] } } }],
    description: 'Sealed with a key of the donor\'s own before it reaches the ledger; identified by a keyed hash of name and postal code.',
    properties: {
      type: { type: 'string', enum: DONOR_TYPES },
      name: { ...optional(text(200)), description: 'Absent (or null) for an anonymous donor; an empty or blank name is refused, never read as anonymous.' },
      address: ref('schemas', 'DonorAddress'),
      email: optional({ type: 'string', maxLength: 254, description: 'local@domain, the domain with a top-level name; stored with the domain in lower case. An empty or blank value is read as absent.' }),
      occupation: blankIsAbsent(100),
      employer: blankIsAbsent(100),
      attestations: {
        type: 'object',
        properties: {
          usCitizenOrPermanentResident: { type: 'boolean' },
          ownFunds: { type: 'boolean' },
          notFederalContractor: { type: 'boolean' },
          onUkElectoralRegister: { type: 'boolean', description: 'PPERA s.54(2)(a): an individual on a UK electoral register.' },
          carriesOnBusinessInUk: { type: 'boolean', description: 'PPERA s.54(2)(b), (h), (j): a company or LLP carrying on business in the UK; an unincorporated association carrying on business or other activities wholly or mainly in the UK, with its main office there.' },
          listedTradeUnion: { type: 'boolean', description: 'PPERA s.54(2)(d): a trade union on the list kept under s.2 of the Trade Union and Labour Relations (Consolidation) Act 1992.' },
          canadianCitizenOrPermanentResident: { type: 'boolean', description: 'Canada Elections Act s.363(1): a Canadian citizen or a permanent resident (Immigration and Refugee Protection Act s.2(1)); only such an individual may contribute to a Canadian registered party.' },
        },
      },
      registrationNumber: {
        ...optional({ type: 'string', maxLength: 20, pattern: '^[A-Za-z0-9 ]+$' }),
        description: "An organisation's UK registration number: Companies House (company, LLP), the Electoral Commission (party), the FCA (building, friendly or registered society). Refused for an individual.",
      },
      attribution: {
        type: ['object', 'null'],
        required: ['basis', 'partners'],
        description:
          "For a partnership, an LLC treated as one (`llc`) or a single-member LLC only (otherwise 400): to whom its gift is attributed, as it must say at the time of the gift (11 CFR 110.1(e), (g)(5)). Each partner's share counts toward that partner's own per-election limit together with what they gave themselves; a share over it is held as an excess. Without an attribution, or with shares that do not add up to `amountMinor`, the gift is flagged for the compliance officer rather than refused.",
        properties: {
          basis: { type: 'string', enum: ATTRIBUTION_BASES, description: '`profit_share`: in direct proportion to each partner\'s share of profits (110.1(e)(1)); `agreement`: by agreement of the partners (110.1(e)(2)); `single_member`: a single-member LLC\'s member (110.1(g)(4)).' },
          partners: {
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: {
              type: 'object',
              required: ['name', 'amountMinor'],
              description: 'A partner or member: identified like a donor (name and postal code), their details sealed with a key of their own.',
              properties: {
                name: text(200),
                address: ref('schemas', 'DonorAddress'),
                email: optional({ type: 'string', maxLength: 254 }),
                occupation: blankIsAbsent(100),
                employer: blankIsAbsent(100),
                amountMinor: { ...ref('schemas', 'AmountMinor'), description: 'The part of the gift attributed to them, in minor units; more than zero.' },
                type: {
                  type: 'string',
                  enum: PARTNER_TYPES,
                  description:
                    "What the partner is (`individual` when absent). No part of the gift may be attributed to a corporation (`company`) or a labor organization (`trade_union`) (52 U.S.C. 30118; 11 CFR 110.1(e), 114.2(b)): that partner's part is refused, held for a refund within 30 days, and counted on no one's limit; with every partner prohibited the gift is rejected.",
                },
                attestations: {
                  type: 'object',
                  properties: { usCitizenOrPermanentResident: { type: 'boolean' }, ownFunds: { type: 'boolean' }, notFederalContractor: { type: 'boolean' } },
                  description: "The partner's own attestations: `usCitizenOrPermanentResident: false` is a foreign national, to whom no part may be attributed (52 U.S.C. 30121; 11 CFR 110.20(b)); refused like a corporation's part.",
                },
              },
            },
          },
        },
      },
      publicAcknowledgement: {
        type: ['object', 'null'],
        required: ['displayName'],
        description:
          "The donor's explicit consent to be named on the campaign's public donor wall (`GET /v1/campaigns/{campaignId}/wall`); absent or null means no consent, and nobody is ever named by default. The display name is sealed with the donor's key like the rest of their personal data. Refused for an anonymous donor (no `name`). Donations only: a recurring plan records no consent.",
        properties: {
          displayName: text(80, 'The name the wall shows; never the address.'),
          showAmount: { type: 'boolean', description: 'Whether the wall shows the amount too; false when absent.' },
        },
      },
    },
  },
  DonationRequest: {
    type: 'object',
    required: ['amountMinor', 'currency', 'donor', 'payment'],
    not: { anyOf: [{ required: ['amount'] }, { required: ['amountMajor'] }] },
    description: 'An `amount` or `amountMajor` member (major units) is refused: 422 amount_must_be_minor_units.',
    properties: {
      donationId: { ...optional(clientId), description: 'Chosen by the client; derived from the Idempotency-Key when absent.' },
      amountMinor: ref('schemas', 'AmountMinor'),
      currency: { ...ref('schemas', 'Currency'), description: "The campaign's currency." },
      currencyExponent: { type: 'integer', description: "The exponent the client counted in; when sent it must be ISO 4217's (422 currency_exponent_mismatch)." },
      donor: ref('schemas', 'Donor'),
      payment: {
        type: 'object',
        required: ['method'],
        properties: {
          method: { type: 'string', enum: PAYMENT_METHODS },
          pspReference: optional(text(128, "The payment provider's reference; never a card number.")),
          instrumentFingerprint: optional(text(128, "The PSP's fingerprint of the card or account (the same for every charge on it). Only a keyed hash is kept, to find one instrument behind several donors.")),
          inKind: {
            type: 'object',
            required: ['nature', 'description', 'valuationBasis'],
            description: 'Required exactly when `method` is `in_kind` (otherwise 400): what was given instead of money, printed on the FEC and UK filings; `amountMinor` is its value.',
            properties: {
              nature: { type: 'string', enum: IN_KIND_NATURES, description: "The Electoral Commission's nature of donation (a `visit` is its own donation type there)." },
              description: text(91, 'What was given, as the filings print it (the FEC\'s "In-Kind: ..." purpose keeps 91 characters).'),
              valuationBasis: text(200, 'How the value was arrived at: market value (PPERA s.5), the usual and normal charge (11 CFR 100.52(d)).'),
            },
          },
        },
      },
      electionId: { ...optional(clientId), description: "One of the committee's elections; its default when absent." },
      receivedAt: optional(instant('When the money was received; now when absent. At most 5 minutes ahead.')),
      deviceFingerprint: optional(text(128, "The form's fingerprint of the donor's device. Only a keyed hash is kept, for structuring detection.")),
    },
  },
  RecurringPlanRequest: {
    type: 'object',
    required: ['amountMinor', 'currency', 'donor', 'payment', 'dayOfMonth', 'consent', 'consentText', 'consentVersion'],
    description: "A donation's members, checked the same way, plus the schedule and the donor's consent.",
    properties: {
      planId: { ...optional(clientId), description: 'Chosen by the client; derived from the Idempotency-Key (then required) when absent.' },
      amountMinor: ref('schemas', 'AmountMinor'),
      currency: ref('schemas', 'Currency'),
      donor: ref('schemas', 'Donor'),
      payment: {
        type: 'object',
        required: ['method', 'pspReference'],
        properties: {
          method: { type: 'string', enum: RECURRING_PAYMENT_METHODS, description: 'Another method: 422 recurring_payment_invalid.' },
          pspReference: text(128, 'The PSP mandate or subscription to charge.'),
        },
      },
      electionId: optional(clientId),
      dayOfMonth: { type: 'integer', minimum: 1, maximum: 31, description: 'Instalments fall due at 00:00 that day in the committee\'s time zone (the plan\'s timeZone), or the month\'s last day when shorter.' },
      startsOn: optional({ type: 'string', format: 'date', description: 'The first month counted from; today on the committee\'s calendar when absent.' }),
      consent: { const: true, description: 'The JSON value true and nothing else; otherwise 422 consent_required.' },
      consentText: text(2000, 'The words shown to the donor, exactly.'),
      consentVersion: text(64, "The committee's label for that wording."),
      consentedAt: optional(instant('When the donor agreed; the request time when absent. Not in the future.')),
    },
  },
  PlanChangeRequest: {
    type: ['object', 'null'],
    properties: {
      requestedBy: { type: 'string', enum: PLAN_CHANGE_REQUESTERS, default: 'donor' },
      reason: optional(text(500)),
    },
  },
  PaymentWebhook: {
    type: 'object',
    additionalProperties: false,
    description: 'Read strictly: a member not listed is refused (400 invalid_request), so nothing is silently dropped from the audit trail.',
    required: ['id', 'type', 'donationId', 'pspReference', 'amountMinor', 'currency', 'occurredAt'],
    properties: {
      id: { type: 'string', pattern: '^[!-~]+$', maxLength: 255, description: "The provider's event id: printable ASCII without spaces. One ledger fact per id." },
      type: { type: 'string', enum: PAYMENT_WEBHOOK_TYPES },
      donationId: clientId,
      pspReference: text(128),
      amountMinor: ref('schemas', 'AmountMinor'),
      currency: ref('schemas', 'Currency'),
      reason: optional(text(500)),
      occurredAt: instant('When it happened at the provider.'),
    },
  },
};
