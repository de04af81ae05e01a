import { ELECTION_KINDS, FILING_KINDS, JURISDICTION_PROFILES, UK_REGISTERS, PAYMENT_METHODS, PLAN_CHANGE_REQUESTERS, RETURN_ACTIONS, DISPOSAL_MANNERS, type DonationEvent } from '#contracts';
import { PPERA_REPORTING_MARKS as REPORTING_MARKS } from '#compliance-rules';
import { DONOR_ID_PATTERN, type ComplianceDecision, type DonationStatus, type PaymentStatus, type RecurringPlanStatus } from '#domain';
import { allOf, object, ref, type JsonSchema } from '#platform';

/**
 * What intake answers with. Amounts leave as JSON integers of minor units; donor data leaves
 * as the donor id only (the personal data stays sealed).
 */
const DONATION_STATUSES = allOf<DonationStatus>()(['received', 'accepted', 'partly_accepted', 'flagged', 'rejected', 'partly_refunded', 'refunded', 'charged_back']);
const DECISIONS = allOf<ComplianceDecision>()(['accepted', 'flagged', 'rejected']);
const PAYMENT_STATUSES = allOf<PaymentStatus>()(['pending', 'captured', 'failed']);
const PLAN_STATUSES = allOf<RecurringPlanStatus>()(['active', 'paused', 'cancelled']);
const DONATION_FACTS = allOf<DonationEvent['type']>()([
  'DonationReceived',
  'DonationAccepted',
  'DonationFlagged',
  'DonationRejected',
  'DonationRefunded',
  'ChargebackReceived',
  'PaymentCaptured',
  'ExcessiveContributionHeld',
  'BestEffortsRequestOpened',
  'PaymentFailed',
  'DonationReturnRequired',
  'DonationDeposited',
  'DonationDateCorrected',
  'ImpermissibleDonationDealtWith',
]);
const INSTALMENT_STATUSES = ['pending', 'refused', ...DONATION_STATUSES] as const;

const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: ['string', 'null'] };
const instant: JsonSchema = { type: 'string', format: 'date-time' };
const minor: JsonSchema = { type: 'integer', description: 'Minor units of the currency.' };
const link: JsonSchema = { type: 'string', format: 'uri-reference' };
const codeAndDetail: JsonSchema = { type: 'object', required: ['code', 'detail'], properties: { code: string, detail: string } };

export const responseSchemas: Record<string, JsonSchema> = {
  CommitteeRegistration: object({
    committeeId: string,
    name: string,
    jurisdiction: { type: 'string', enum: JURISDICTION_PROFILES },
    currency: string,
    elections: {
      type: 'array',
      items: object({ electionId: string, kind: { type: 'string', enum: ELECTION_KINDS }, date: { type: 'string', format: 'date' } }),
    },
    defaultElectionId: nullableString,
    registeredBy: { type: 'string', description: 'The API key that registered it (`api-key:<keyId>`).' },
    tenantId: string,
    timeZone: { type: 'string', description: "The IANA zone in force: every legal date of the committee is a calendar day in it." },
    timeZoneDefaulted: { type: 'boolean', description: "True when the registration named no zone and the profile's default (America/New_York, Europe/London) was given." },
  }),
  CommitteeList: object({ items: { type: 'array', items: ref('schemas', 'Committee') }, limit: { type: 'integer', minimum: 1, maximum: 100 }, next: { type: ['string', 'null'], format: 'uri-reference', description: 'The next page, or null on the last.' } }),
  CampaignList: object({ items: { type: 'array', items: ref('schemas', 'Campaign') }, limit: { type: 'integer', minimum: 1, maximum: 100 }, next: { type: ['string', 'null'], format: 'uri-reference', description: 'The next page, or null on the last.' } }),
  // Read back (not in the answer to the registration): its local day starts the first report's period.
  Committee: {
    allOf: [
      ref('schemas', 'CommitteeRegistration'),
      {
        type: 'object',
        properties: {
          registeredAt: { ...instant, description: 'When it was registered; its first filing period begins on that committee-local day.' },
          electionStandings: { type: 'array', description: 'The elections an officer recorded net debts or an ended candidacy for; absent when none.', items: ref('schemas', 'ElectionStandingOfCommittee') },
        },
      },
    ],
  },
  ElectionStandingOfCommittee: object({
    electionId: string,
    netDebts: {
      oneOf: [
        { type: 'null' },
        object({ recordedMinor: minor, asOf: { type: 'string', format: 'date' }, remainingMinor: { ...minor, description: 'What remains outstanding after the gifts accepted against it since.' } }),
      ],
    },
    candidacyEnded: { oneOf: [{ type: 'null' }, object({ cause: { type: 'string', enum: ['lost_primary', 'withdrew'] }, endedOn: { type: 'string', format: 'date' } })] },
  }),
  GeneralElectionPeriod: object({
    committeeId: string,
    recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' },
    periodId: string,
    dissolvedOn: { type: 'string', format: 'date' },
    pollOn: { type: 'string', format: 'date' },
    heldIn: { type: 'array', items: { type: 'string', enum: UK_REGISTERS } },
    partyRegisteredIn: { type: 'array', items: { type: 'string', enum: UK_REGISTERS } },
    weeklyReportsOwed: { type: 'boolean', description: 'Whether the party owes weekly reports for it (registered for a part it is held in).' },
    weeklyReports: {
      type: 'array',
      description: 'Each reporting period (s.63(1)) and its last day to deliver (s.65).',
      items: object({ periodId: string, week: { type: 'integer', minimum: 1 }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, final: { type: 'boolean' }, dueOn: { type: 'string', format: 'date' } }),
    },
  }),
  FilingRecordAnswer: {
    type: 'object',
    required: ['committeeId', 'recorded'],
    properties: {
      committeeId: string,
      recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' },
      reference: { type: ['string', 'null'] },
      obligation: { type: 'object', description: 'The report as the filing schedule now lists it (status filed).', properties: { kind: { type: 'string', enum: FILING_KINDS }, name: string, status: { type: 'string', enum: ['due', 'overdue', 'filed'] }, filedOn: { type: ['string', 'null'], format: 'date' } } },
    },
  },
  AccountingUnitLink: object({
    centralCommitteeId: string,
    unitCommitteeId: string,
    recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' },
    accountingUnits: { type: 'array', items: string, description: "The party's accounting units." },
  }),
  ElectionStanding: {
    allOf: [ref('schemas', 'ElectionStandingOfCommittee'), object({ committeeId: string, recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' } })],
  },
  DisposalRecord: object({
    manner: { type: 'string', enum: [...DISPOSAL_MANNERS] },
    dealtWithOn: { type: 'string', format: 'date' },
    reference: nullableString,
    reason: string,
    recordedBy: string,
  }),
  DisposalRecorded: object({
    donationId: string,
    committeeId: string,
    required: { type: 'string', enum: RETURN_ACTIONS, description: 'What the law required (s.56(2)).' },
    dueOn: { type: 'string', format: 'date', description: 'The last of the 30 days (s.56(2)).' },
    dealtWith: ref('schemas', 'DisposalRecord'),
    recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' },
  }),
  DonationDates: object({
    donationId: string,
    committeeId: string,
    recorded: { type: 'boolean', description: 'Whether this request wrote a fact.' },
    dates: ref('schemas', 'DatesOfDonation'),
  }),
  DatesOfDonation: object({
    receivedAt: instant,
    acceptedAt: { type: ['string', 'null'], format: 'date-time' },
    depositedOn: { type: ['string', 'null'], format: 'date' },
    deposit: {
      oneOf: [
        { type: 'null' },
        object({ dueOn: { type: ['string', 'null'], format: 'date' }, late: { type: 'boolean' }, citation: nullableString, rulePackVersion: string }, 'The deposit against 11 CFR 103.3(a), from the pack in force.'),
      ],
    },
    corrections: {
      type: 'array',
      items: object({ date: { type: 'string', enum: ['received', 'deposited', 'accepted'] }, previous: string, corrected: string, reason: string, correctedBy: string, at: instant }),
    },
  }, 'Received, accepted and deposited, with every correction an officer recorded (issue 14, item 2).'),
  Campaign: object({ campaignId: string, committeeId: string, name: string, currency: string, opensAt: instant, closesAt: { type: ['string', 'null'], format: 'date-time' } }),
  DonationReceipt: object(
    {
      donationId: string,
      status: { const: 'received' },
      duplicate: { type: 'boolean', description: 'True when this donation id was received before: nothing new was written.' },
      links: object({ status: link }),
    },
    'Taken: compliance decides asynchronously; follow links.status.',
  ),
  Donation: object({
    donationId: string,
    dates: ref('schemas', 'DatesOfDonation'),
    status: { type: 'string', enum: DONATION_STATUSES },
    decision: { type: ['string', 'null'], enum: [...DECISIONS, null], description: "Compliance's decision; null until it has decided." },
    campaignId: string,
    committeeId: string,
    amountMinor: minor,
    currency: string,
    receivedAmountMinor: minor,
    acceptedAmountMinor: minor,
    refundedAmountMinor: minor,
    chargedBackAmountMinor: minor,
    countedAmountMinor: { ...minor, description: "What the donation still counts for towards the donor's limits and the totals." },
    payment: object({
      method: { type: 'string', enum: PAYMENT_METHODS },
      pspReference: nullableString,
      status: { type: 'string', enum: PAYMENT_STATUSES },
      capturedAmountMinor: minor,
      failure: nullableString,
    }),
    electionId: nullableString,
    receivedAt: instant,
    rejection: { oneOf: [{ type: 'null' }, codeAndDetail] },
    flags: { type: 'array', items: codeAndDetail },
    itemized: { type: ['boolean', 'null'], description: 'Whether reports must itemize it: FEC itemization, or a PPERA reportable donation; null until accepted.' },
    reportingMark: {
      type: ['string', 'null'],
      enum: [...REPORTING_MARKS, null],
      description: 'PPERA: why the donation is reportable (PPERA_REPORTING_MARKS); null when not reportable or not a UK committee.',
    },
    returnRequired: {
      oneOf: [
        { type: 'null' },
        object({ code: string, action: { type: 'string', enum: RETURN_ACTIONS }, amountMinor: minor, dueOn: { type: 'string', format: 'date' } }),
      ],
      description: 'PPERA s.56: a donation the party may not keep, and what must become of it by dueOn.',
    },
    dealtWith: {
      oneOf: [{ type: 'null' }, ref('schemas', 'DisposalRecord')],
      description: 'PPERA s.56(2), s.58: how and on which day (committee-local) such a donation was dealt with; null until an officer records it.',
    },
    history: {
      type: 'array',
      description: 'Every fact of the donation, in ledger order, with the status it left.',
      items: object({
        eventId: string,
        type: { type: 'string', enum: DONATION_FACTS },
        at: instant,
        status: { type: 'string', enum: DONATION_STATUSES },
        amountMinor: { type: ['integer', 'null'] },
      }),
    },
  }),
  RecordedNotice: object({
    received: { const: true },
    donationId: string,
    eventId: { type: 'string', description: 'The ledger event id, derived from the provider event id.' },
    duplicate: { type: 'boolean', description: 'True when this provider event was recorded before: nothing new was written.' },
  }),
  RecurringPlan: object({
    planId: string,
    status: { type: 'string', enum: PLAN_STATUSES },
    campaignId: string,
    committeeId: string,
    amountMinor: minor,
    currency: string,
    dayOfMonth: { type: 'integer', minimum: 1, maximum: 31 },
    startsOn: { type: 'string', format: 'date' },
    timeZone: { type: 'string', description: "The IANA zone of the plan's days (startsOn, each due day): the committee's when the plan was made; UTC for plans made before plans had one." },
    donorId: { type: 'string', pattern: DONOR_ID_PATTERN.source },
    payment: object({ method: { type: 'string', enum: PAYMENT_METHODS } }),
    electionId: nullableString,
    consent: object({ consentedAt: instant, text: string, version: string }),
    createdAt: instant,
    pausedAt: { type: ['string', 'null'], format: 'date-time' },
    cancellation: {
      oneOf: [
        { type: 'null' },
        object({ requestedBy: { type: 'string', enum: PLAN_CHANGE_REQUESTERS }, reason: nullableString, cancelledAt: instant }),
      ],
    },
    nextDueAt: { type: ['string', 'null'], format: 'date-time', description: 'null once cancelled.' },
    instalments: {
      type: 'array',
      items: object({
        period: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
        donationId: string,
        dueAt: instant,
        refusal: { oneOf: [{ type: 'null' }, codeAndDetail] },
        status: { type: 'string', enum: INSTALMENT_STATUSES },
        links: object({ donation: link }),
      }),
    },
    links: object({ self: link }),
  }),
  CreatedRecurringPlan: {
    allOf: [ref('schemas', 'RecurringPlan'), object({ duplicate: { type: 'boolean', description: 'True when the same plan was created before.' } })],
  },
  DonorLookup: object({
    donorId: { type: 'string', pattern: '^dn_[0-9a-f]{32}$', description: "This tenant's id for the donor." },
    personalData: { type: 'string', enum: ['held', 'erased'] },
    links: object({ personalData: { type: 'string' } }),
  }),
};
