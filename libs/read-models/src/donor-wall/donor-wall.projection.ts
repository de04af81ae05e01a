import {
  parseMinor,
  TOPICS,
  type ChargebackReceivedV1,
  type DonationAcceptedV1,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type RecordedEvent,
} from '#contracts';
import { wallListing } from '#domain';
import { storedEntities, type EntityProjection } from '../store/stored-entities.js';
import { DonorWallRow } from './donor-wall.entity.js';

/** bigint columns come back as strings from pg and as numbers from PGlite: read both exactly (parseMinor refuses a number). */
const minor = (value: string | number): bigint => parseMinor(String(value));

type Change = Partial<Pick<DonorWallRow, 'decision' | 'acceptedMinor' | 'refundedMinor' | 'chargedBackMinor' | 'acceptedPosition'>>;

/** The row with `change` in and its listing decided again by the one rule in libs/domain. */
function relisted(row: DonorWallRow, change: Change): DonorWallRow {
  const next = { ...row, ...change };
  const listing = wallListing({
    consent: { showAmount: next.showAmount },
    decision: next.decision as 'accepted' | 'flagged' | 'rejected' | null,
    receivedMinor: minor(next.receivedMinor),
    acceptedMinor: minor(next.acceptedMinor),
    refundedMinor: minor(next.refundedMinor),
    chargedBackMinor: minor(next.chargedBackMinor),
  });
  return { ...next, listed: listing.listed, amountMinor: listing.listed && listing.amountMinor !== null ? listing.amountMinor.toString() : null };
}

/** The row a donation's consent opens: nothing about the donation is kept without consent. */
function received(payload: DonationReceivedV4): DonorWallRow | null {
  if (payload.publicAcknowledgement === null) return null;
  return {
    donationId: payload.donationId,
    campaignId: payload.campaignId,
    donorId: payload.donor.donorId,
    sealedDisplayName: payload.publicAcknowledgement.sealedDisplayName,
    showAmount: payload.publicAcknowledgement.showAmount,
    currency: payload.currency,
    decision: null,
    receivedMinor: payload.amountMinor,
    acceptedMinor: '0',
    refundedMinor: '0',
    chargedBackMinor: '0',
    listed: false,
    amountMinor: null,
    acceptedPosition: null,
  };
}

/** What one fact changes on a donation's wall row; null for facts that change nothing. */
function changeOf(row: DonorWallRow, event: RecordedEvent): Change | null {
  const add = (current: string, amount: string): string => (minor(current) + parseMinor(amount)).toString();
  switch (event.type) {
    case 'DonationAccepted':
      return { decision: 'accepted', acceptedMinor: (event.payload as DonationAcceptedV1).acceptedAmountMinor, acceptedPosition: String(event.position) };
    case 'DonationFlagged':
      return { decision: 'flagged' };
    case 'DonationRejected':
      return { decision: 'rejected' };
    case 'DonationRefunded':
      return { refundedMinor: add(row.refundedMinor, (event.payload as DonationRefundedV1).amountMinor) };
    case 'ChargebackReceived':
      return { chargedBackMinor: add(row.chargedBackMinor, (event.payload as ChargebackReceivedV1).amountMinor) };
    default:
      return null;
  }
}

/** A donation's wall row: opened by its consent, then relisted by each decision, refund and chargeback. */
export function evolveDonorWallRow(row: DonorWallRow | null, event: RecordedEvent): DonorWallRow | null {
  if (event.type === 'DonationReceived') return row ?? received(event.payload as DonationReceivedV4);
  if (row === null) return null;
  const change = changeOf(row, event);
  return change === null ? row : relisted(row, change);
}

/**
 * The donor wall, fed from the donations topic. A donation's facts share its donor's
 * partition, so its consent (DonationReceived) comes before its decision and its refunds;
 * facts of donations without a row (no consent) change nothing.
 */
export const donorWall: EntityProjection<DonorWallRow> = {
  name: 'donor-wall',
  topics: [TOPICS.donations],
  canHandle: ['DonationReceived', 'DonationAccepted', 'DonationFlagged', 'DonationRejected', 'DonationRefunded', 'ChargebackReceived'],
  // A donation received without consent has no row: not even a look-up.
  keyOf: (event) =>
    event.type === 'DonationReceived' && (event.payload as DonationReceivedV4).publicAcknowledgement === null ? null : { donationId: (event.payload as { donationId: string }).donationId },
  evolve: evolveDonorWallRow,
};

export const donorWallProjection = storedEntities(donorWall, DonorWallRow);
