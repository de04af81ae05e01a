import { DONOR_ID_PATTERN, IDEMPOTENCY_RETENTION_MS, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TOLERANCE_SECONDS } from '#domain';
import { BODY_PROBLEMS, body, keyed, ok, p, pathId, problems, query, ref, type Parameter, type PathItem, type SecurityRequirement } from '#platform';

export const WEBHOOK_SECURITY: SecurityRequirement[] = [{ webhookSignature: [] }];

export const parameters: Record<string, Parameter> = {
  PlanId: pathId('planId', 'recurring plan'),
  ElectionId: pathId('electionId', 'election'),
  DonorId: { ...pathId('donorId', 'donor', { type: 'string', pattern: DONOR_ID_PATTERN.source }), description: 'The donor id (`dn_` and 32 hex digits) that donations and plans show.' },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description:
      `Names one logical request (IETF httpapi Idempotency-Key draft): printable ASCII, at most 255 characters, bare or as a quoted string. ` +
      `The same key and body replay the first answer (with \`Idempotency-Replayed: true\`); another body is 422 idempotency_key_reused; ` +
      `a retry while the first still runs is 409 idempotency_key_in_flight. Kept ${IDEMPOTENCY_RETENTION_MS / 3_600_000} hours per tenant.`,
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  PlanIdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Required when the body names no planId: the plan id is derived from it, so a retry never starts a second plan.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

const planChange = (verb: 'pause' | 'resume' | 'cancel', summary: string, description: string): PathItem => ({
  post: keyed(
    ['intake'],
    {
      operationId: `${verb}RecurringPlan`,
      summary,
      description,
      tags: ['recurring plans'],
      parameters: [p('PlanId'), p('CorrelationId')],
      requestBody: body('PlanChangeRequest', 'Optional: who asked and why (the donor, when absent).', false),
      responses: { 200: ok('The plan as it now stands.', 'RecurringPlan') },
    },
    [...BODY_PROBLEMS, 404, 409],
  ),
});

const LIMIT = query('limit', 'Page size, 1-100 (50 when absent).', { type: 'string', pattern: '^[0-9]+$' });
const AFTER = query('after', 'The cursor the previous page gave (its `next` link carries it).', { type: 'string', pattern: '^[0-9]{1,15}$' });

export const paths: Record<string, PathItem> = {
  '/v1/committees': {
    get: keyed(
      ['intake', 'officer', 'auditor'],
      { operationId: 'listCommittees', summary: "The caller's committees, oldest first, a page at a time", tags: ['committees'], parameters: [LIMIT, AFTER], responses: { 200: ok('A page.', 'CommitteeList') } },
      [400],
    ),
    post: keyed(
      [],
      {
        operationId: 'registerCommittee',
        summary: "Register a committee of the caller's tenant",
        tags: ['committees'],
        parameters: [p('CorrelationId')],
        requestBody: body('CommitteeRequest', 'The committee, its jurisdiction and elections.'),
        responses: { 201: ok('Registered.', 'CommitteeRegistration') },
      },
      [...BODY_PROBLEMS, 409],
    ),
  },
  '/v1/committees/{committeeId}/time-zone': {
    post: keyed(
      [],
      {
        operationId: 'changeCommitteeTimeZone',
        summary: "Change the committee's time zone from now on (a ledger event with its reason)",
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('TimeZoneChangeRequest', 'The new IANA zone and the reason.'),
        responses: { 200: ok('The committee, with the zone in force.', 'Committee') },
      },
      [...BODY_PROBLEMS, 404],
    ),
  },
  '/v1/committees/{committeeId}/elections/{electionId}/net-debts': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordElectionNetDebts',
        summary: "Record an election's net debts outstanding (11 CFR 110.1(b)(3)): gifts for it after it was held are kept only up to them",
        description:
          'A committee-local day on or after the election and not after today, and the figure then outstanding (0 when paid off). Each record replaces the one before; ' +
          'gifts accepted against it afterwards count it down (remainingMinor). With none recorded, a gift for an election already held is kept in nothing: it is held whole for the officer to redesignate or refund. ' +
          'The same figure as of the same day again answers 200 and writes nothing. Refused: 422 net_debts_invalid, election_unknown, elections_not_applicable (not an FEC committee), reason_required.',
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('ElectionId'), p('CorrelationId')],
        requestBody: body('NetDebtsRequest', 'The net debts outstanding, as of which day, and why.'),
        responses: { 201: ok('Recorded: the election as it now stands.', 'ElectionStanding'), 200: ok('Already recorded; nothing written.', 'ElectionStanding') },
      },
      [...BODY_PROBLEMS, 404],
    ),
  },
  '/v1/committees/{committeeId}/elections/{electionId}/candidacy-end': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordCandidacyEnd',
        summary: 'Record that the candidate will not run in an election (lost the primary, or withdrew): its gifts are refunded within 60 days (11 CFR 102.9(e)(3))',
        description:
          "From then on every gift for the election is held whole with a refund due 60 committee-local days after the later of its receipt and the day the candidacy ended. " +
          'The same record again answers 200 and writes nothing; a different one is 409 candidacy_already_ended. Refused: 422 candidacy_end_invalid (a primary, a day after today, no primary held before), election_unknown, elections_not_applicable, reason_required.',
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('ElectionId'), p('CorrelationId')],
        requestBody: body('CandidacyEndRequest', 'Why the candidacy ended, on which day, and the reason.'),
        responses: { 201: ok('Recorded: the election as it now stands.', 'ElectionStanding'), 200: ok('Already recorded; nothing written.', 'ElectionStanding') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/committees/{committeeId}/general-election-periods': {
    post: keyed(
      ['officer'],
      {
        operationId: 'declareGeneralElectionPeriod',
        summary: "Record a UK general election period (PPERA s.63(6)): the party's weekly pre-poll reports are owed for it",
        description:
          'From the day Parliament is dissolved to the day of the poll (UK days), where the election is held (heldIn, default both parts of the UK) and the registers the party stands in (partyRegisteredIn). ' +
          'Weekly reports (s.63(1)) are owed for each 7 days from dissolution and a final shorter period ending with the poll, each due 7 days after it ends (s.65), only when the party is registered for a part the election is held in; ' +
          'they then appear among the filing obligations of remedies-due and as ppera-weekly reports. The same declaration again answers 200; a different one of the same periodId corrects it. ' +
          'Refused: 422 general_election_period_invalid (an accounting unit, the poll before dissolution, over 60 days), reason_required.',
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('GeneralElectionPeriodRequest', 'The period, where the election is held and the party\'s registers.'),
        responses: { 201: ok('Recorded: the period and its weekly reports.', 'GeneralElectionPeriod'), 200: ok('Already recorded; nothing written.', 'GeneralElectionPeriod') },
      },
      [...BODY_PROBLEMS, 404],
    ),
  },
  '/v1/committees/{committeeId}/filings': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordFiling',
        summary: 'Record that a report owed to the regulator was delivered: it is filed, no longer due or overdue',
        description:
          'The report is named by its kind and the last day of its period (as remedies-due lists it); filedOn is the committee-local day it was delivered, after its period and not after today. ' +
          'The same record again answers 200; a different day is a correction kept as the latest. Refused: 404 filing_unknown (no such report is owed yet), 422 filing_invalid.',
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('FilingRequest', 'Which report was delivered, and when.'),
        responses: { 201: ok('Recorded: the report as the schedule now lists it.', 'FilingRecordAnswer'), 200: ok('Already recorded; nothing written.', 'FilingRecordAnswer') },
      },
      [...BODY_PROBLEMS, 404],
    ),
  },
  '/v1/committees/{committeeId}/accounting-units': {
    post: keyed(
      ['officer'],
      {
        operationId: 'linkAccountingUnit',
        summary: "Link an accounting unit to its party's central organisation (PPERA s.26, s.27): the central treasurer's quarterly report covers it",
        description:
          'The committee is the central organisation (UK-PPERA-PARTY); the unit a UK-PPERA-ACCOUNTING-UNIT of the same tenant. The link is kept on both. ' +
          "From then on the central party's ppera-quarterly report lists the unit's reportable donations (at £2,230, s.62(11)) and a source's donations across the party once they pass £11,180 (s.62(12)), with each source's totals. " +
          'The same link again answers 200. Refused: 422 accounting_unit_invalid, reason_required; 409 accounting_unit_already_linked (to another party).',
        tags: ['committees'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('AccountingUnitLinkRequest', 'The unit and why.'),
        responses: { 201: ok('Linked: the party\'s units.', 'AccountingUnitLink'), 200: ok('Already linked; nothing written.', 'AccountingUnitLink') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/committees/{committeeId}': {
    get: keyed(['intake', 'officer', 'auditor'], { operationId: 'getCommittee', summary: 'Read a committee', tags: ['committees'], parameters: [p('CommitteeId')], responses: { 200: ok('The committee.', 'Committee') } }, [404]),
  },
  '/v1/campaigns': {
    get: keyed(
      ['intake', 'officer', 'auditor'],
      {
        operationId: 'listCampaigns',
        summary: "The caller's campaigns, oldest first, a page at a time",
        tags: ['campaigns'],
        parameters: [query('committeeId', "Only this committee's campaigns (another tenant's committee is a 404).", { type: 'string' }), LIMIT, AFTER],
        responses: { 200: ok('A page.', 'CampaignList') },
      },
      [400, 404],
    ),
    post: keyed(
      [],
      {
        operationId: 'openCampaign',
        summary: "Open a campaign for one of the tenant's committees",
        tags: ['campaigns'],
        parameters: [p('CorrelationId')],
        requestBody: body('CampaignRequest', 'The campaign and its window.'),
        responses: { 201: ok('Opened.', 'Campaign') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/campaigns/{campaignId}': {
    get: keyed(['intake', 'officer', 'auditor'], { operationId: 'getCampaign', summary: 'Read a campaign', tags: ['campaigns'], parameters: [p('CampaignId')], responses: { 200: ok('The campaign.', 'Campaign') } }, [404]),
  },
  '/v1/campaigns/{campaignId}/donations': {
    post: keyed(
      ['intake'],
      {
        operationId: 'receiveDonation',
        summary: 'Take a donation',
        description:
          'Appends DonationReceived to the ledger and answers at once; compliance decides asynchronously (read it at links.status). ' +
          'The donation id is the client\'s, or derived from the Idempotency-Key, so a retry can never make a second donation. ' +
          'A refusal is remembered under the key like a success and replayed the same way.',
        tags: ['donations'],
        parameters: [p('CampaignId'), p('IdempotencyKey'), p('CorrelationId')],
        requestBody: body('DonationRequest', 'The gift, its donor and its payment.'),
        responses: {
          202: ok('Received.', 'DonationReceipt', {
            Location: ref('headers', 'Location'),
            'Idempotency-Replayed': { description: '`true` when this is the first answer to this key, replayed.', schema: { const: 'true' } },
          }),
        },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/donations/{donationId}': {
    get: keyed(
      ['intake', 'officer', 'auditor'],
      {
        operationId: 'getDonation',
        summary: "Read a donation's lifecycle from the ledger",
        description: 'Always current: read from the ledger itself, so a caller sees its own write at once.',
        tags: ['donations'],
        parameters: [p('DonationId')],
        responses: { 200: ok('The donation, its amounts, payment and history.', 'Donation') },
      },
      [404],
    ),
  },
  '/v1/donations/{donationId}/deposit': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordDeposit',
        summary: 'Record the day a donation was deposited (11 CFR 103.3(a): within 10 days of receipt)',
        description:
          "A committee-local day, not before the day received nor after today. Under an FEC pack the answer says the deposit's due day and whether it was late. " +
          'The same day again answers 200 and writes nothing; another day is 409 donation_date_already_recorded (correct it with a reason instead).',
        tags: ['donations'],
        parameters: [p('DonationId'), p('CorrelationId')],
        requestBody: body('DepositRequest', 'The day deposited.'),
        responses: { 201: ok('Recorded: the dates as they now stand.', 'DonationDates'), 200: ok('Already recorded on that day.', 'DonationDates') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/donations/{donationId}/date-corrections': {
    post: keyed(
      ['officer'],
      {
        operationId: 'correctDonationDate',
        summary: 'Correct a recorded date of receipt, deposit or acceptance, with the reason (a ledger fact, never an edit)',
        description:
          'Reports read the corrected dates: Schedule A dates a gift by its corrected receipt, a UK report places it in the quarter of its corrected acceptance. ' +
          'Refused: 422 donation_date_invalid (out of order, or in the future), 409 donation_date_not_recorded (no such date yet), 422 reason_required.',
        tags: ['donations'],
        parameters: [p('DonationId'), p('CorrelationId')],
        requestBody: body('DateCorrectionRequest', 'Which date, what it should be, and why.'),
        responses: { 201: ok('Corrected: the dates as they now stand.', 'DonationDates'), 200: ok('The date already stood as asked; nothing written.', 'DonationDates') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/donations/{donationId}/dealt-with': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordImpermissibleDisposal',
        summary: 'Record how and when a donation the party may not keep was dealt with (PPERA s.56(2), s.58)',
        description:
          'Returned to the donor or to the person who transferred it (an impermissible donor, s.56(2)(a)); returned to the transferor or paid to the Electoral Commission (an unidentifiable donor, s.56(2)(b)); ' +
          'or forfeited by a court order (s.58: with the order as reference, once the 30 days have run). dealtWithOn is a committee-local day, not before receipt nor after today. ' +
          'The quarterly report lists it with this manner, in the quarter of this day (s.62(9)); remedies-due no longer lists its return. The same record again answers 200 and writes nothing. ' +
          'Refused: 422 donation_not_impermissible, disposal_manner_not_allowed, disposal_date_invalid, forfeiture_order_required, forfeiture_not_available; 409 donation_already_dealt_with (recorded otherwise), donation_already_returned (refunded, so not payable elsewhere).',
        tags: ['donations'],
        parameters: [p('DonationId'), p('CorrelationId')],
        requestBody: body('DisposalRequest', 'The manner, the day, the reference and why.'),
        responses: { 201: ok('Recorded.', 'DisposalRecorded'), 200: ok('The same record stood already; nothing written.', 'DisposalRecorded') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/webhooks/payments': {
    post: {
      operationId: 'receivePaymentWebhook',
      summary: 'A payment provider reports a capture, failure, refund or chargeback',
      description:
        `Authenticated by the ${WEBHOOK_SIGNATURE_HEADER} header alone, no API key: \`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<exact body bytes>")>\` ` +
        `(several v1 allowed while secrets rotate), within ${WEBHOOK_TOLERANCE_SECONDS} s of our clock. Checked in this order: signature (401), ` +
        'replay of a signed delivery already admitted (409 webhook_replayed), body (400/422), then the donation. A provider retrying ' +
        'an event under a fresh signature gets 200 with duplicate: true. A delivery refused after the signature check may be sent again as it is.',
      tags: ['payments'],
      security: WEBHOOK_SECURITY,
      parameters: [p('CorrelationId')],
      requestBody: body('PaymentWebhookBody', "One provider event, about one donation or about a split checkout's one payment (`checkoutId`: a capture or failure on every share, a refund or chargeback spread over them)."),
      responses: {
        200: ok('Recorded, or recognised as recorded before; for a checkout, each share\'s part.', 'PaymentWebhookAnswer'),
        ...problems(...BODY_PROBLEMS, 401, 404, 409, 500),
      },
    },
  },
  '/v1/campaigns/{campaignId}/recurring-plans': {
    post: keyed(
      ['intake'],
      {
        operationId: 'createRecurringPlan',
        summary: "Start a donor's monthly gift, on their explicit consent",
        description: 'Each month the scheduler turns the instalment that fell due into a donation, decided by compliance like any other.',
        tags: ['recurring plans'],
        parameters: [p('CampaignId'), p('PlanIdempotencyKey'), p('CorrelationId')],
        requestBody: body('RecurringPlanRequest', 'The gift, the schedule and the consent.'),
        responses: {
          201: ok('Created.', 'CreatedRecurringPlan', { Location: ref('headers', 'Location') }),
          200: ok('The same plan was created before; nothing new was written.', 'CreatedRecurringPlan', { Location: ref('headers', 'Location') }),
        },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/recurring-plans/{planId}': {
    get: keyed(
      ['intake', 'officer', 'auditor'],
      { operationId: 'getRecurringPlan', summary: 'Read a recurring plan and its instalments', tags: ['recurring plans'], parameters: [p('PlanId')], responses: { 200: ok('The plan.', 'RecurringPlan') } },
      [404],
    ),
  },
  '/v1/recurring-plans/{planId}/pause': planChange('pause', 'Pause a plan', 'No instalment falls due while paused, and months missed are never charged. A cancelled plan: 409 recurring_plan_cancelled.'),
  '/v1/recurring-plans/{planId}/resume': planChange('resume', 'Resume a paused plan', 'A cancelled plan: 409 recurring_plan_cancelled.'),
  '/v1/recurring-plans/{planId}/cancel': planChange('cancel', 'Cancel a plan', 'One call, from any state; calling it again changes nothing.'),
  '/v1/donors/lookup': {
    post: keyed(
      [],
      {
        operationId: 'lookUpDonor',
        summary: "Find this tenant's id for a donor from who they are",
        description:
          'For erasure requests ("I am Jane Smith, 20002; forget me"). POST so the identity stays out of URLs and access logs. ' +
          "404 when this tenant holds no personal data of that person, whether or not another tenant does.",
        tags: ['donors'],
        requestBody: body('DonorLookupRequest', 'The donor object as a donation carries it.'),
        responses: { 200: ok('The donor id and whether their personal data is still held.', 'DonorLookup') },
      },
      [...BODY_PROBLEMS, 404],
    ),
  },
  '/v1/donors/{donorId}/personal-data': {
    delete: keyed(
      [],
      {
        operationId: 'eraseDonorPersonalData',
        summary: "Erase a donor's personal data (crypto-shredding)",
        description:
          "Destroys the donor's keys: every sealed copy (ledger, Kafka, exports, backups of them) becomes unreadable, while totals, " +
          'limits and the hash chains stay whole. Donor ids are per tenant: another tenant\'s donor answers 404 exactly as a missing one.',
        tags: ['donors'],
        parameters: [p('DonorId')],
        responses: { 204: { description: 'Erased, now or before.' } },
      },
      [404],
    ),
  },
};
