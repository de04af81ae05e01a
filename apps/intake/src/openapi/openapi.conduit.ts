import { PAYMENT_METHODS, RECIPIENT_COMMITTEE_TYPES, RECIPIENT_KINDS } from '#contracts';
import { MAX_RECIPIENTS_PER_CHECKOUT, PAYMENT_WEBHOOK_TYPES } from '#domain';
import { BODY_PROBLEMS, body, clientId, keyed, object, ok, p, pathId, ref, type JsonSchema, type Parameter, type PathItem } from '#platform';

/** The conduit's part of the API (issue 15): registration, recipients, split checkouts and their status. */

const string: JsonSchema = { type: 'string' };
const nullableString: JsonSchema = { type: ['string', 'null'] };
const minor: JsonSchema = { type: 'integer', description: 'Minor units of the currency.' };
const link: JsonSchema = { type: 'string', format: 'uri-reference' };
const fecId: JsonSchema = { type: 'string', pattern: '^C[0-9]{8}$', description: 'An FEC committee id: C and eight digits (422 fec_id_invalid otherwise).' };
const optional = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as 'string', 'null'] });

export const conduitParameters: Record<string, Parameter> = {
  CheckoutId: pathId('checkoutId', 'checkout'),
};

const recipient = object({
  conduitCommitteeId: string,
  recipientCommitteeId: string,
  kind: { type: 'string', enum: RECIPIENT_KINDS },
  committeeType: { type: 'string', enum: RECIPIENT_COMMITTEE_TYPES, description: 'authorized_committee: forwarded within 10 days; political_committee: $50 or less may take 30 (11 CFR 102.8).' },
  name: string,
  fecId: nullableString,
});

const shareReceipt = object({ donationId: string, recipientCommitteeId: string, amountMinor: minor, electionId: nullableString, status: { const: 'received' }, links: object({ status: link }) });

export const conduitRequestSchemas: Record<string, JsonSchema> = {
  PaymentWebhookBody: { oneOf: [ref('schemas', 'PaymentWebhook'), ref('schemas', 'CheckoutPaymentWebhook')] },
  ConduitRequest: { type: 'object', required: ['fecId'], properties: { fecId } },
  RecipientRequest: {
    type: 'object',
    description:
      "One of the tenant's committees by `committeeId` (its FEC id optional), or an outside committee by `name` and `fecId` with its elections (then kept in Hustings as a committee of the tenant, so that each share is decided by its limits).",
    properties: {
      committeeId: optional(clientId),
      fecId,
      name: { type: 'string', minLength: 1, maxLength: 200 },
      elections: { type: 'array', maxItems: 20, items: { type: 'object', required: ['electionId', 'kind', 'date'] } },
      defaultElectionId: optional(clientId),
    },
  },
  CheckoutRequest: {
    type: 'object',
    required: ['amountMinor', 'currency', 'donor', 'payment', 'allocations'],
    description:
      "A donation's members (no `electionId`: each allocation names its own), and the allocations, which must add up to amountMinor exactly. " +
      `Refused with 422: allocations_sum_mismatch, recipient_not_served, recipient_duplicated, too_many_recipients (more than ${MAX_RECIPIENTS_PER_CHECKOUT}), currency_mixed.`,
    properties: {
      checkoutId: { ...optional(clientId), description: 'Chosen by the client; derived from the Idempotency-Key when absent.' },
      amountMinor: ref('schemas', 'AmountMinor'),
      currency: ref('schemas', 'Currency'),
      donor: ref('schemas', 'Donor'),
      payment: {
        type: 'object',
        required: ['method'],
        properties: { method: { type: 'string', enum: PAYMENT_METHODS }, pspReference: optional({ type: 'string', minLength: 1, maxLength: 128 }), instrumentFingerprint: optional({ type: 'string', minLength: 1, maxLength: 128 }) },
      },
      receivedAt: optional({ type: 'string', format: 'date-time', maxLength: 40 }),
      deviceFingerprint: optional({ type: 'string', minLength: 1, maxLength: 128 }),
      allocations: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          required: ['recipientCommitteeId', 'amountMinor'],
          properties: {
            recipientCommitteeId: clientId,
            amountMinor: ref('schemas', 'AmountMinor'),
            currency: { ...ref('schemas', 'Currency'), description: "When given, the payment's (422 currency_mixed otherwise)." },
            electionId: { ...optional(clientId), description: "One of the recipient's elections; its default when absent." },
          },
        },
      },
    },
  },
  ForwardingRequest: {
    type: 'object',
    required: ['batchId', 'recipientCommitteeId', 'forwardedOn', 'donationIds'],
    description: 'One transfer to one recipient. Each share must be accepted, of this campaign, to that recipient and not forwarded before (409 earmark_already_forwarded).',
    properties: {
      batchId: clientId,
      recipientCommitteeId: clientId,
      forwardedOn: { type: 'string', format: 'date', description: 'The day the transfer was made.' },
      donationIds: { type: 'array', minItems: 1, maxItems: 1000, items: clientId },
    },
  },
  CheckoutPaymentWebhook: {
    type: 'object',
    additionalProperties: false,
    description:
      "A notice about a split checkout's one payment, recorded on the checkout and every share in one atomic append: a capture or failure (for the checkout's whole amount) on each share for its own amount, once; a refund or chargeback spread over the shares pro rata to what each has left, the remainder cents one each to the largest remainders, ties to the earlier share.",
    required: ['id', 'type', 'checkoutId', 'pspReference', 'amountMinor', 'currency', 'occurredAt'],
    properties: {
      id: { type: 'string', pattern: '^[!-~]+$', maxLength: 255 },
      type: { type: 'string', enum: PAYMENT_WEBHOOK_TYPES },
      checkoutId: clientId,
      pspReference: { type: 'string', minLength: 1, maxLength: 128 },
      amountMinor: ref('schemas', 'AmountMinor'),
      currency: ref('schemas', 'Currency'),
      reason: optional({ type: 'string', minLength: 1, maxLength: 500 }),
      occurredAt: { type: 'string', format: 'date-time', maxLength: 40 },
    },
  },
};

export const conduitResponseSchemas: Record<string, JsonSchema> = {
  PaymentWebhookAnswer: { oneOf: [ref('schemas', 'RecordedNotice'), ref('schemas', 'CheckoutReversal')] },
  Conduit: object({ committeeId: string, fecId: string, name: string, tenantId: string, registeredBy: string, recipients: { type: 'array', items: recipient } }),
  CheckoutReceipt: object(
    { checkoutId: string, status: { const: 'received' }, duplicate: { type: 'boolean', description: 'True when this checkout id was received before: nothing new was written.' }, shares: { type: 'array', items: shareReceipt }, links: object({ status: link }) },
    "Taken: one donation per allocation, each decided by its recipient's rules asynchronously; follow links.status for each share's outcome.",
  ),
  Checkout: object({
    checkoutId: string,
    conduitCommitteeId: string,
    campaignId: string,
    amountMinor: minor,
    currency: string,
    receivedAt: { type: 'string', format: 'date-time' },
    shares: {
      type: 'array',
      items: object({
        donationId: string,
        recipientCommitteeId: string,
        electionId: nullableString,
        amountMinor: minor,
        status: { type: 'string', description: "The share's donation status (see Donation.status)." },
        decision: { type: ['string', 'null'], description: "Its recipient's compliance decision; null until decided." },
        acceptedAmountMinor: minor,
        refundedAmountMinor: minor,
        chargedBackAmountMinor: minor,
        rejection: { oneOf: [{ type: 'null' }, object({ code: string, detail: string })] },
        links: object({ status: link }),
      }),
    },
    reversals: { type: 'array', items: { type: 'object' } },
  }),
  Forwarding: object(
    {
      batchId: string,
      conduitCommitteeId: string,
      campaignId: string,
      recipientCommitteeId: string,
      amountMinor: { ...minor, description: 'What the shares still count for: accepted, less what went back.' },
      currency: string,
      forwardedOn: { type: 'string', format: 'date' },
      donationIds: { type: 'array', items: string },
      recordedBy: string,
    },
    'The transfer as recorded (EarmarksForwarded). The obligations, with due days and overdue ones, are at the reporting API: GET /v1/campaigns/{campaignId}/forwarding.',
  ),
  CheckoutReversal: object({
    received: { const: true },
    checkoutId: string,
    pspEventId: string,
    kind: { type: 'string', enum: ['captured', 'failed', 'refunded', 'charged_back'] },
    policy: { type: 'string', enum: ['pro_rata', 'whole'], description: 'pro_rata: a refund or chargeback spread over the shares; whole: a capture or failure of each share for its own amount.' },
    parts: { type: 'array', items: object({ donationId: string, amountMinor: minor, eventId: string }) },
  }),
};

export const conduitPaths: Record<string, PathItem> = {
  '/v1/committees/{committeeId}/conduit': {
    post: keyed(
      [],
      {
        operationId: 'registerConduit',
        summary: 'Make one of the tenant\'s FEC committees a conduit (11 CFR 110.6)',
        tags: ['conduits'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('ConduitRequest', "The conduit committee's own FEC id."),
        responses: { 201: ok('Registered, or registered before the same way.', 'Conduit') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/conduits/{committeeId}': {
    get: keyed(['intake', 'officer', 'auditor'], { operationId: 'getConduit', summary: 'Read a conduit and its recipients', tags: ['conduits'], parameters: [p('CommitteeId')], responses: { 200: ok('The conduit.', 'Conduit') } }, [404]),
  },
  '/v1/conduits/{committeeId}/recipients': {
    post: keyed(
      [],
      {
        operationId: 'addConduitRecipient',
        summary: 'List a committee the conduit forwards earmarked contributions to',
        tags: ['conduits'],
        parameters: [p('CommitteeId'), p('CorrelationId')],
        requestBody: body('RecipientRequest', 'An own committee, or an outside one by name and FEC id.'),
        responses: { 201: ok('The conduit with its recipients.', 'Conduit') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/campaigns/{campaignId}/checkouts': {
    post: keyed(
      ['intake'],
      {
        operationId: 'receiveCheckout',
        summary: 'Take one payment split across the conduit\'s recipients',
        description:
          'Appends CheckoutReceived and one DonationReceived per allocation in one transaction, and answers at once. Each share is a donation ' +
          "of its own to its recipient, decided by that recipient's rules alone: a share over the donor's limit there is partly accepted or " +
          'rejected without touching the others. The checkout id is the client\'s or derived from the Idempotency-Key, each share\'s donation id from the checkout.',
        tags: ['conduits'],
        parameters: [p('CampaignId'), p('IdempotencyKey'), p('CorrelationId')],
        requestBody: body('CheckoutRequest', 'The payment, its donor and its allocations.'),
        responses: { 202: ok('Received.', 'CheckoutReceipt', { Location: ref('headers', 'Location') }) },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/campaigns/{campaignId}/forwardings': {
    post: keyed(
      ['officer'],
      {
        operationId: 'recordForwarding',
        summary: 'Record a transfer of earmarked shares to their recipient (11 CFR 102.8)',
        tags: ['conduits'],
        parameters: [p('CampaignId'), p('CorrelationId')],
        requestBody: body('ForwardingRequest', 'The batch, its recipient, its day and its shares.'),
        responses: { 201: ok('Recorded, or recorded before the same way.', 'Forwarding') },
      },
      [...BODY_PROBLEMS, 404, 409],
    ),
  },
  '/v1/checkouts/{checkoutId}': {
    get: keyed(
      ['intake', 'officer', 'auditor'],
      { operationId: 'getCheckout', summary: "Each share's outcome, read from the ledger", tags: ['conduits'], parameters: [p('CheckoutId')], responses: { 200: ok('The checkout and its shares.', 'Checkout') } },
      [404],
    ),
  },
};
