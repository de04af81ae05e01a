import { REVIEW_ITEM_KINDS, type ReviewDecisionEvent } from '#contracts';
import { DONOR_ID_PATTERN, REVIEW_DECISIONS } from '#domain';
import { allOf, BODY_PROBLEMS, body, clientId, keyed, object, ok, p, pathId, query, type ApiPart, type JsonSchema } from '#platform';

/**
 * Compliance's part of the API document (ComplianceModule.api): the officers' review queue and
 * decisions (review.controller.ts). Enumerations come from the constants the parser and the
 * decider use, so a new kind or decision is in the document the moment it is in the code.
 */
const DECISION_EVENTS = allOf<ReviewDecisionEvent['type']>()(['ReviewItemApproved', 'ReviewItemRejected', 'ExcessRedesignated', 'ExcessReattributed', 'ReviewInformationRequested']);
const string: JsonSchema = { type: 'string' };
const day: JsonSchema = { type: 'string', format: 'date', description: "A calendar day in the committee's time zone." };
const minor: JsonSchema = { type: 'integer', description: 'Minor units of the currency.' };
const kind: JsonSchema = { type: 'string', enum: REVIEW_ITEM_KINDS };
const donorId: JsonSchema = { type: 'string', pattern: DONOR_ID_PATTERN.source, description: 'A donor id: a keyed hash of the donor\'s identity.' };

const schemas: Record<string, JsonSchema> = {
  ReviewQueue: object({
    committeeId: string,
    asOf: { ...day, description: "Today on the committee's calendar: an item is overdue from the day after its dueOn." },
    overdue: { type: 'integer', minimum: 0 },
    items: {
      type: 'array',
      description: 'Open items, soonest legal deadline first.',
      items: object({ donationId: string, campaignId: string, committeeId: string, donorId: string, kind, dueOn: day, overdue: { type: 'boolean' }, amountMinor: minor, currency: string }),
    },
  }),
  DonationReview: object({
    donationId: string,
    committeeId: string,
    items: {
      type: 'array',
      items: object({
        kind,
        dueOn: day,
        open: { type: 'boolean' },
        amountMinor: { ...minor, description: 'The excess still held (excess), the donation amount otherwise.' },
        closedBy: { oneOf: [{ type: 'null' }, object({ decision: string, officer: string })] },
        overdue: { type: 'boolean' },
      }),
    },
    structuring: {
      oneOf: [{ type: 'null' }, object({ findings: { type: 'array', items: { type: 'object' } }, ruleIds: { type: 'array', items: string }, rulePackVersion: string, reviewDueOn: day })],
    },
    decisions: { type: 'array', items: { $ref: '#/components/schemas/ReviewDecision' } },
  }),
  ReviewDecisionRequest: {
    type: 'object',
    required: ['item', 'decision', 'reason'],
    description: 'Which item, what decision and why: the reason goes on the ledger beside the officer\'s name. A remedy names its amount and target where it needs them.',
    properties: {
      item: kind,
      decision: { type: 'string', enum: REVIEW_DECISIONS },
      reason: { type: 'string', minLength: 1, maxLength: 500 },
      amountMinor: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Of the excess to remedy; all that is left when absent.' },
      toElectionId: { ...clientId, type: ['string', 'null'], description: 'redesignate: the election the excess moves to.' },
      toDonorId: { type: ['string', 'null'], maxLength: 64, description: "reattribute: the donor (of this tenant) the excess moves to." },
    },
  },
  DonorLinkRequest: {
    type: 'object',
    required: ['donorId', 'linkedDonorId', 'reason'],
    description: 'Two donor ids of the committee that are one person, and why: ids only, never names (those stay sealed in the vault).',
    properties: {
      donorId: donorId,
      linkedDonorId: donorId,
      reason: { type: 'string', minLength: 1, maxLength: 500 },
    },
  },
  DonorLink: object({
    linkId: { type: 'string', description: 'Derived from the committee and the pair: linking the same two again is refused (donors_already_linked) while the link is in force; the id to undo it by.' },
    committeeId: string,
    donorId,
    linkedDonorId: donorId,
    officer: { type: 'string', description: '`api-key:<keyId>` of the officer.' },
    reason: string,
    linkedAt: { type: 'string', format: 'date-time' },
    heldExcess: {
      type: 'array',
      description: 'The excess that counting the two together created, held on their latest donations for a refund (an excess review item each, due 60 days after receipt).',
      items: object({ donationId: string, donorId, electionId: string, excessMinor: minor, dueOn: day }),
    },
  }),
  DonorUnlinkRequest: {
    type: 'object',
    required: ['reason'],
    description: 'Why the link was made in error: it goes on the ledger beside the officer.',
    properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
  },
  DonorUnlink: object({
    linkId: string,
    committeeId: string,
    donorId,
    linkedDonorId: donorId,
    officer: { type: 'string', description: '`api-key:<keyId>` of the officer who undid the link.' },
    reason: string,
    unlinkedAt: { type: 'string', format: 'date-time' },
  }),
  ReviewDecision: {
    type: 'object',
    required: ['eventId', 'type', 'decidedAt', 'donationId', 'committeeId', 'item', 'officer', 'reason'],
    description: 'The ledger fact the decision appended, amounts as JSON integers.',
    properties: {
      eventId: string,
      type: { type: 'string', enum: DECISION_EVENTS },
      decidedAt: { type: 'string', format: 'date-time' },
      donationId: string,
      committeeId: string,
      item: kind,
      officer: { type: 'string', description: '`api-key:<keyId>` of the officer.' },
      reason: string,
      amountMinor: minor,
      refundAmountMinor: minor,
      remainingExcessMinor: minor,
    },
  },
};

export const COMPLIANCE_API: ApiPart = {
  app: 'compliance',
  summary: 'Officers review what the rules flag and remedy it inside the legal deadline.',
  description: 'the review queue of what the rules flagged or held, soonest legal deadline first, and officers\' decisions on each item (approve, reject, redesignate, reattribute, ask for information).',
  tags: [
    { name: 'review', description: "Compliance officers' queue and decisions; auditors read." },
    { name: 'donor-identity', description: 'Officers link two donor identities that are one person; aggregation counts them together from then on, until an officer undoes the link.' },
  ],
  paths: {
    '/v1/committees/{committeeId}/review-queue': {
      get: keyed(
        ['officer', 'auditor'],
        {
          operationId: 'getReviewQueue',
          summary: "The committee's open review items, soonest deadline first",
          tags: ['review'],
          parameters: [p('CommitteeId'), query('limit', 'At most this many donations, 1-500 (500 when absent).', { type: 'string', pattern: '^[0-9]+$' })],
          responses: { 200: ok('The queue.', 'ReviewQueue') },
        },
        [400, 404],
      ),
    },
    '/v1/donations/{donationId}/review': {
      get: keyed(
        ['officer', 'auditor'],
        { operationId: 'getDonationReview', summary: "A donation's review items, structuring findings and decisions", tags: ['review'], parameters: [p('DonationId')], responses: { 200: ok('The review.', 'DonationReview') } },
        [404],
      ),
    },
    '/v1/donations/{donationId}/review/decisions': {
      post: keyed(
        ['officer'],
        {
          operationId: 'decideReviewItem',
          summary: 'Decide one review item of a donation',
          description: 'Appends the decision to the review stream; the legal deadlines are counted on the review clock. An item already closed, or a remedy the state does not allow: 409 or 422 with its code.',
          tags: ['review'],
          parameters: [p('DonationId'), p('CorrelationId')],
          requestBody: body('ReviewDecisionRequest', 'The item, the decision and the reason.'),
          responses: { 201: ok('Decided: the fact appended.', 'ReviewDecision') },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
    },
    '/v1/committees/{committeeId}/donor-links': {
      post: keyed(
        ['officer'],
        {
          operationId: 'linkDonorIdentities',
          summary: 'Link two donor identities as one person',
          description:
            'Appends DonorIdentitiesLinked to both donors\' aggregates: every later donation of either is judged against what both gave. Any excess this creates is held on their latest donations as an excess review item (refund only). A donor who never gave to the committee: 404 donor_not_found; the same donor twice: 422 donor_link_same_donor; a pair already linked: 409 donors_already_linked.',
          tags: ['donor-identity'],
          parameters: [p('CommitteeId'), p('CorrelationId')],
          requestBody: body('DonorLinkRequest', 'The two donor ids and the reason.'),
          responses: { 201: ok('Linked: the link and the excess it held.', 'DonorLink') },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
    },
    '/v1/committees/{committeeId}/donor-links/{linkId}/revocations': {
      post: keyed(
        ['officer'],
        {
          operationId: 'unlinkDonorIdentities',
          summary: 'Undo a link of two donor identities made in error',
          description:
            "Appends DonorIdentitiesUnlinked to both donors' aggregates: from then on each donation of either is judged against its own aggregate, and the FEC reports (Schedule A and B) count them as two contributors again. What the link held stays in the review queue for the officer. A link the committee never had: 404 donor_link_not_found; a link undone already: 409 donor_link_already_revoked. The pair may be linked again later, under a new link id.",
          tags: ['donor-identity'],
          parameters: [p('CommitteeId'), p('LinkId'), p('CorrelationId')],
          requestBody: body('DonorUnlinkRequest', 'Why the link was made in error.'),
          responses: { 201: ok('Undone: the link and when.', 'DonorUnlink') },
        },
        [...BODY_PROBLEMS, 404, 409],
      ),
    },
  },
  schemas,
  parameters: { LinkId: pathId('linkId', 'donor link') },
};
