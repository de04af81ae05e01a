import { FILING_KINDS } from '#compliance-rules';
import { COMMITTEE_REPORTS, DONATION_LIST_MAX } from '#read-models';
import { json, keyed, object, ok, p, pathId, problems, query, ref, type ApiPart, type JsonSchema, type Operation, type Parameter, type Response } from '#platform';

/**
 * Reporting's part of the API document (ReportingModule.api): totals, the donation list, filings
 * and registers (JSON, CSV or the regulator's file), the public donor wall, a donation's ledger,
 * the conduit's reports and the audit export. Report names come from the runner's own list.
 */
const string: JsonSchema = { type: 'string' };
const minor: JsonSchema = { type: 'integer', description: 'Minor units of the currency.' };
const day = 'YYYY-MM-DD (the committee\'s local day) or an RFC 3339 instant';

const parameters: Record<string, Parameter> = {
  AsOf: query('asOf', 'Answer what the books said at this instant, folded from the ledger (not with asOfPosition).', { type: 'string', maxLength: 40 }),
  AsOfPosition: query('asOfPosition', 'Answer what the books said after this ledger position (not with asOf).', { type: 'string', pattern: '^[0-9]{1,16}$' }),
  Format: query('format', '`json` (default), `csv` (also `Accept: text/csv`) or `file`, the regulator\'s own format where the report has one.', { type: 'string', enum: ['json', 'csv', 'file'] }),
  From: query('from', `Start of the period, inclusive: ${day}.`),
  To: query('to', `End of the period, exclusive: ${day}.`),
  Report: { name: 'report', in: 'path', required: true, description: 'Which filing or register.', schema: { type: 'string', enum: COMMITTEE_REPORTS } },
  ConduitCommitteeId: pathId('committeeId', 'conduit committee'),
  Filing: {
    name: 'filing',
    in: 'query',
    required: false,
    description: "A report whose regulator's file the bundle carries (repeat it, or separate names by commas), made with this query's own parameters as `reports/{report}?format=file` makes it (the .fec file needs `filerCommitteeId` and `treasurerName`, a quarter `year` and `quarter`); its SHA-256 is signed in the manifest.",
    schema: { type: 'array', items: { type: 'string', enum: COMMITTEE_REPORTS } },
  },
};

const schemas: Record<string, JsonSchema> = {
  CampaignTotals: {
    type: 'object',
    required: ['campaignId', 'currency', 'raisedMinor', 'refundedMinor', 'chargedBackMinor', 'netMinor', 'donationCount', 'uniqueDonors'],
    properties: {
      campaignId: string,
      committeeId: string,
      currency: { type: ['string', 'null'], description: 'null before the first donation.' },
      raisedMinor: minor,
      refundedMinor: minor,
      chargedBackMinor: minor,
      netMinor: minor,
      donationCount: { type: 'integer', minimum: 0 },
      uniqueDonors: { type: 'integer', minimum: 0 },
      ledgerCut: { type: 'object', description: 'Present when answered as of a cut: the cut asked for and the position folded to.' },
    },
  },
  DonationList: object({
    campaignId: string,
    total: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: DONATION_LIST_MAX },
    offset: { type: 'integer', minimum: 0 },
    items: {
      type: 'array',
      items: { type: 'object', required: ['donationId', 'campaignId', 'donorId', 'receivedAt', 'status', 'currency', 'receivedMinor'], properties: { donationId: string, campaignId: string, donorId: string, receivedAt: { type: 'string', format: 'date-time' }, status: string, currency: string, receivedMinor: minor } },
    },
  }),
  ReportingLag: object(
    {
      seconds: { type: 'integer', minimum: 0, description: 'Seconds since the oldest event reporting has not applied was recorded; 0 when caught up.' },
      events: { type: 'integer', minimum: 0, description: 'Events of the kinds the dashboard reads recorded after the projection checkpoint.' },
      atLeast: { type: 'boolean', description: 'True when the count stopped at its limit (1,000), so `events` is a floor.' },
      appliedPosition: { type: ['integer', 'null'], description: 'The ledger position reporting applied last, the highest over its source partitions.' },
      headPosition: { type: ['integer', 'null'], description: "The ledger's last position." },
    },
    "The lag between intake and reporting, the worse of the campaign-totals and donation-list projections'.",
  ),
  CampaignDashboard: object({
    campaignId: string,
    at: { type: 'string', format: 'date-time', description: 'When this reading was taken.' },
    totals: { type: 'object', description: 'The totals report (`/reports/totals`) as JSON: the totals with the gift distribution, money in minor units.' },
    outcomes: object({ accepted: { type: 'integer', minimum: 0 }, flagged: { type: 'integer', minimum: 0 }, rejected: { type: 'integer', minimum: 0 }, refunded: { type: 'integer', minimum: 0 } }, 'Donations by the decision they stand at.'),
    lag: ref('schemas', 'ReportingLag'),
  }),
  Report: {
    type: 'object',
    description: "A filing or register as JSON: money as integers of minor units; donors' personal data opened only for officers, auditors and admins. remedies-due answers a RemediesDue.",
    // The report is chosen by a path value, which a schema cannot see; remedies-due is told by its filing list.
    anyOf: [{ not: { required: ['filingObligations'] } }, ref('schemas', 'RemediesDue')],
  },
  RemediesDue: object({
    committeeId: string,
    asOf: string,
    overdueCount: { type: 'integer', minimum: 0, description: 'Remedies (not filings) past their last day.' },
    items: {
      type: 'array',
      description: 'Open remedies, soonest deadline first.',
      items: { type: 'object', required: ['kind', 'dueOn', 'donationId', 'overdue'], properties: { kind: string, dueOn: { type: 'string', format: 'date' }, donationId: string, campaignId: string, overdue: { type: 'boolean' } } },
    },
    filingObligations: { type: 'array', description: 'Reports owed to the regulator whose books have closed since the committee registered, by close of books.', items: ref('schemas', 'FilingObligation') },
    filingNote: { type: 'string', description: 'How a report becomes filed (an officer records it) and which reports are listed.' },
  }),
  FilingObligation: object({
    kind: { type: 'string', enum: FILING_KINDS },
    name: { type: 'string', description: 'The regulator\'s name: "Q1 2026", "Pre-poll week 1 ukpga-2029", "April Quarterly 2026", "Pre-General 2026-11-03".' },
    periodFrom: { type: 'string', format: 'date', description: 'First committee-local day covered.' },
    periodTo: { type: 'string', format: 'date', description: 'Close of books, inclusive.' },
    dueOn: { type: 'string', format: 'date', description: 'The last day to file on (on time that day).' },
    status: { type: 'string', enum: ['due', 'overdue', 'filed'], description: 'Overdue once the committee-local day of asOf is after dueOn; filed once an officer recorded it (POST /v1/committees/{committeeId}/filings).' },
    filedOn: { type: ['string', 'null'], format: 'date', description: 'The day it was delivered, as recorded; null while not filed.' },
    filedLate: { type: 'boolean', description: 'Filed after dueOn.' },
    citation: string,
  }),
  DonorWall: object({
    campaignId: string,
    donors: { type: 'array', items: { type: 'object', required: ['displayName'], properties: { displayName: string, amountMinor: minor, currency: string } } },
    next: { type: ['string', 'null'], format: 'uri-reference', description: 'The next page, or null on the last.' },
  }),
  DonationLedger: object({
    donationId: string,
    verified: { type: 'boolean', description: 'Every hash recomputed and every link to the one before checked, in each stream.' },
    streams: { type: 'array', items: object({ streamId: string, chain: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } }, events: { type: 'array', items: { type: 'object', required: ['position', 'eventId', 'type', 'hash', 'payload'] } } }) },
  }),
  ForwardingObligations: object({
    campaignId: string,
    conduitCommitteeId: string,
    today: { type: 'string', format: 'date' },
    overdue: { type: 'integer', minimum: 0 },
    obligations: { type: 'array', items: { type: 'object', required: ['donationId', 'recipientCommitteeId', 'status', 'amountMinor'], properties: { donationId: string, recipientCommitteeId: string, status: string, amountMinor: minor } } },
  }),
  AuditBundle: object({ files: { type: 'object', additionalProperties: string, description: 'File name to content: write each out, or hand the whole answer to the verifier (scripts/verify-audit-bundle.mjs).' } }),
};

/** A report answers JSON, CSV or the regulator's file, uncached; a bad parameter is 400 or 422 with its code. */
const reportAnswers = (description: string): Record<string, Response> => ({
  200: { description: `${description} Never cached (\`Cache-Control: no-store\`).`, content: { ...json(ref('schemas', 'Report')), 'text/csv': { schema: string }, 'text/plain': { schema: string } } },
});

const read = (roles: Parameters<typeof keyed>[0], operation: Omit<Operation, 'security' | 'x-roles'>, refusals = [400, 404, 422]): Operation => keyed(roles, operation, refusals);

export const REPORTING_API: ApiPart = {
  app: 'reporting',
  summary: 'Totals, filings and registers, as-of reads, the donor wall and the audit export.',
  description:
    'read models and reports: campaign totals, the donation list, FEC and PPERA filings and registers (JSON, CSV or the regulator\'s file), answers as of an instant or a ledger position, the public donor wall, a donation\'s hash-chained ledger and the audit export.',
  tags: [
    { name: 'reports', description: 'Totals, lists, filings and registers; `asOf`/`asOfPosition` answer what the books said then.' },
    { name: 'audit', description: "The ledger as it is, for auditors and regulators." },
    { name: 'donor wall', description: 'Public: donors who consented, by display name.' },
  ],
  paths: {
    '/v1/campaigns/{campaignId}/totals': {
      get: read(['intake', 'officer', 'auditor'], { operationId: 'getCampaignTotals', summary: "A campaign's totals", tags: ['reports'], parameters: [p('CampaignId'), p('AsOf'), p('AsOfPosition')], responses: { 200: ok('The totals.', 'CampaignTotals') } }, [400, 404]),
    },
    '/v1/campaigns/{campaignId}/dashboard': {
      get: read(['intake', 'officer', 'auditor'], { operationId: 'getCampaignDashboard', summary: "A campaign's live dashboard: totals, decision outcomes and reporting's lag", tags: ['reports'], parameters: [p('CampaignId')], responses: { 200: ok('One reading.', 'CampaignDashboard') } }, [404]),
    },
    '/v1/campaigns/{campaignId}/dashboard/stream': {
      get: read(
        ['intake', 'officer', 'auditor'],
        {
          operationId: 'streamCampaignDashboard',
          summary: "A campaign's live dashboard as server-sent events",
          description:
            'A `dashboard` event carrying a CampaignDashboard reading at once and every 2 s, a `: heartbeat` comment every 15 s, and a `problem` event when a reading fails. The key goes in the Authorization header as on every route (read the stream with fetch, not EventSource; never put a key in a URL). The stream ends when the client disconnects or the platform shuts down.',
          tags: ['reports'],
          parameters: [p('CampaignId')],
          responses: { 200: { description: 'The stream.', content: { 'text/event-stream': { schema: string } } } },
        },
        [404],
      ),
    },
    '/v1/campaigns/{campaignId}/reports/totals': {
      get: read(['intake', 'officer', 'auditor'], {
        operationId: 'getCampaignTotalsReport',
        summary: "A campaign's totals with the gift distribution",
        tags: ['reports'],
        parameters: [p('CampaignId'), p('Format'), p('AsOf'), p('AsOfPosition')],
        responses: reportAnswers('The report.'),
      }),
    },
    '/v1/campaigns/{campaignId}/reports/donations': {
      get: read(
        ['intake', 'officer', 'auditor'],
        {
          operationId: 'listDonations',
          summary: "A campaign's donations, newest first, a page at a time",
          tags: ['reports'],
          parameters: [
            p('CampaignId'),
            query('status', 'Only donations in this status.'),
            query('from', 'Received at or after this instant.'),
            query('to', 'Received before this instant.'),
            query('minMinor', 'Counting at least this many minor units.', { type: 'string', pattern: '^[0-9]+$' }),
            query('maxMinor', 'Counting at most this many minor units.', { type: 'string', pattern: '^[0-9]+$' }),
            query('flagged', '`true` or `false`.', { type: 'string', enum: ['true', 'false'] }),
            query('q', 'A donation or donor id, or its start.'),
            query('limit', `Page size, 1-${DONATION_LIST_MAX} (25 when absent).`, { type: 'string', pattern: '^[0-9]+$' }),
            query('offset', 'Items to skip.', { type: 'string', pattern: '^[0-9]+$' }),
          ],
          responses: { 200: ok('A page.', 'DonationList') },
        },
        [400, 404],
      ),
    },
    '/v1/committees/{committeeId}/reports/{report}': {
      get: read(['intake', 'officer', 'auditor'], {
        operationId: 'getCommitteeReport',
        summary: 'A filing or register of the committee',
        description:
          'Parameters by report: fec-schedule-a, large-donations (`thresholdMinor`), rewards-granted: `from`, `to`; fec-report: `filerCommitteeId`, `from`, `to`, `treasurerName`, `signedOn`, `reportCode`; fec-48-hour-notices: `filerCommitteeId`, `electionId`; ppera-quarterly: `year`, `quarter`, `level`; ppera-weekly: `weekStarting`, the first day of a weekly reporting period of a general election period the party recorded and is registered for (PPERA s.63; any other day is a 400); remedies-due, review-queue: `asOf` (a day). An intake key sees every donor withheld.',
        tags: ['reports'],
        parameters: [p('CommitteeId'), p('Report'), p('Format'), p('From'), p('To'), p('AsOf'), p('AsOfPosition')],
        responses: reportAnswers('The report.'),
      }),
    },
    '/v1/campaigns/{campaignId}/wall': {
      get: {
        operationId: 'getDonorWall',
        summary: "A campaign's public donor wall",
        description: 'No key: only donors who consented, for donations accepted and not taken back, by display name; the amount only with consent. Rate-limited by address (429 with Retry-After).',
        tags: ['donor wall'],
        security: [],
        parameters: [p('CampaignId'), query('limit', 'Page size, 1-100 (50 when absent).', { type: 'string', pattern: '^[0-9]+$' }), query('after', 'The cursor a previous page gave.', { type: 'string', pattern: '^[0-9]{1,18}$' })],
        responses: { 200: ok('A page of the wall.', 'DonorWall'), ...problems(400, 404, 429, 500) },
      },
    },
    '/v1/donations/{donationId}/ledger': {
      get: read(['officer', 'auditor'], { operationId: 'getDonationLedger', summary: "A donation's facts as the ledger holds them, with their hash chains verified", tags: ['audit'], parameters: [p('DonationId')], responses: { 200: ok('The streams.', 'DonationLedger') } }, [404]),
    },
    '/v1/committees/{committeeId}/audit-export': {
      get: read(['auditor'], {
        operationId: 'exportAuditBundle',
        summary: "The committee's sealed audit bundle for a period, streamed as the ledger is read",
        description: 'Everything that can be refused (a bad period, a filing that cannot be made) is refused as problem+json before the first byte; a failure once the bundle is streaming cuts the answer short, so the verifier refuses it. An admin key may export too.',
        tags: ['audit'],
        parameters: [p('CommitteeId'), p('From'), p('To'), p('Filing')],
        responses: { 200: ok('The bundle, never cached (`Cache-Control: no-store`).', 'AuditBundle') },
      }),
    },
    '/v1/conduits/{committeeId}/earmarks': {
      get: read(['officer', 'auditor'], {
        operationId: 'getConduitEarmarks',
        summary: "A conduit's report of earmarked contributions, reconciled with its recipients' books",
        tags: ['reports'],
        parameters: [p('ConduitCommitteeId'), p('Format'), p('From'), p('To'), p('AsOf'), p('AsOfPosition')],
        responses: reportAnswers('The report.'),
      }),
    },
    '/v1/campaigns/{campaignId}/forwarding': {
      get: read(['officer', 'auditor'], { operationId: 'getForwardingObligations', summary: "A conduit campaign's forwarding obligations, due and overdue", tags: ['reports'], parameters: [p('CampaignId')], responses: { 200: ok('The obligations.', 'ForwardingObligations') } }, [404]),
    },
  },
  schemas,
  parameters,
};
