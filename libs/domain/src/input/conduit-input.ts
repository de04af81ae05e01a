import { PAYMENT_METHODS } from '#contracts';
import { asObject, invalid, text } from './fields.js';
import { amountMinor, calendarDay, currency, identifierField, instant, parseCommitteeRequest, parseDonor, type CommitteeInput, type DonationInput } from './intake-input.js';
import { parsePublicAcknowledgement } from './public-acknowledgement-input.js';

/** `POST /v1/committees/:committeeId/conduit`: the committee's own FEC id. */
export function parseConduitRequest(raw: unknown): { fecId: string } {
  const body = asObject(raw, 'body');
  return { fecId: text(body, 'fecId', { max: 9 }) as string };
}

/**
 * `POST /v1/conduits/:committeeId/recipients`: one of the tenant's committees by `committeeId`
 * (its FEC id optional), or an outside committee by `name` and `fecId`, with the elections its
 * shares count towards, which Hustings keeps as a committee of the tenant.
 */
export type RecipientInput =
  | { kind: 'hustings'; committeeId: string; fecId: string | null }
  | { kind: 'outside'; fecId: string; committee: Omit<CommitteeInput, 'committeeId'> };

export function parseRecipientRequest(raw: unknown): RecipientInput {
  const body = asObject(raw, 'body');
  const committeeId = identifierField(body, 'committeeId', true);
  const fecId = text(body, 'fecId', { max: 9, optional: committeeId !== null });
  if (committeeId !== null) return { kind: 'hustings', committeeId, fecId };
  // An outside recipient is an FEC candidate committee: the only FEC profile with a rule pack.
  const { committeeId: _none, ...committee } = parseCommitteeRequest({ ...body, jurisdiction: 'US-FEC-CANDIDATE', currency: body.currency ?? 'USD' });
  return { kind: 'outside', fecId: fecId as string, committee };
}

export interface AllocationInput {
  recipientCommitteeId: string;
  amountMinor: bigint;
  currency: string | null;
  electionId: string | null;
}

export interface CheckoutInput extends Omit<DonationInput, 'donationId' | 'electionId'> {
  checkoutId: string | null;
  allocations: AllocationInput[];
}

/** More than this many allocations is not a split but a malformed body; the decider names the sane limit. */
const ALLOCATIONS_READ = 50;

/** `POST /v1/campaigns/:campaignId/checkouts`: one payment, one donor, and its allocations. */
export function parseCheckoutRequest(raw: unknown): CheckoutInput {
  const body = asObject(raw, 'body');
  const payment = asObject(body.payment, 'payment');
  const allocations = body.allocations;
  if (!Array.isArray(allocations) || allocations.length === 0 || allocations.length > ALLOCATIONS_READ) {
    invalid('allocations', `must be an array of 1 to ${ALLOCATIONS_READ} allocations`);
  }
  return {
    checkoutId: identifierField(body, 'checkoutId', true),
    amountMinor: amountMinor(body),
    currency: currency(body),
    donor: parseDonor(body.donor),
    payment: {
      method: oneMethod(payment.method),
      pspReference: text(payment, 'pspReference', { max: 128, optional: true }),
      instrumentFingerprint: text(payment, 'instrumentFingerprint', { max: 128, optional: true }),
      // A conduit forwards money: a split checkout is never a gift in kind.
      inKind: null,
    },
    receivedAt: instant(body, 'receivedAt', true),
    deviceFingerprint: text(body, 'deviceFingerprint', { max: 128, optional: true }),
    publicAcknowledgement: parsePublicAcknowledgement(body.donor),
    allocations: (allocations as unknown[]).map((value, i) => {
      const allocation = asObject(value, `allocations[${i}]`);
      const field = (name: string) => `allocations[${i}].${name}`;
      return {
        recipientCommitteeId: identifierField(allocation, 'recipientCommitteeId') ?? invalid(field('recipientCommitteeId'), 'is required'),
        amountMinor: amountMinor(allocation),
        currency: allocation.currency === undefined ? null : currency(allocation),
        electionId: identifierField(allocation, 'electionId', true),
      };
    }),
  };
}

function oneMethod(value: unknown): (typeof PAYMENT_METHODS)[number] {
  if (typeof value !== 'string' || !(PAYMENT_METHODS as readonly string[]).includes(value)) invalid('payment.method', `must be one of ${PAYMENT_METHODS.join(', ')}`);
  return value as (typeof PAYMENT_METHODS)[number];
}

/** `POST /v1/campaigns/:campaignId/forwardings`: one transfer to one recipient, naming the shares it carries. */
export function parseForwardingRequest(raw: unknown): { batchId: string; recipientCommitteeId: string; forwardedOn: string; donationIds: string[] } {
  const body = asObject(raw, 'body');
  const ids = body.donationIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1_000) invalid('donationIds', 'must be an array of 1 to 1000 donation ids');
  return {
    batchId: identifierField(body, 'batchId') as string,
    recipientCommitteeId: identifierField(body, 'recipientCommitteeId') as string,
    forwardedOn: calendarDay(body, 'forwardedOn'),
    donationIds: (ids as unknown[]).map((id, i) => identifierField({ id }, 'id') ?? invalid(`donationIds[${i}]`, 'is required')),
  };
}
