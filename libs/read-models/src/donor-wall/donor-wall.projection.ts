import type { EntityManager } from 'typeorm';
import {
  parseMinor,
  type ChargebackReceivedV1,
  type DonationAcceptedV1,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type RecordedEvent,
} from '#contracts';
import { wallListing } from '#domain';
import type { StoredProjection } from '../projection.js';
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

async function received(manager: EntityManager, payload: DonationReceivedV4): Promise<void> {
  // Without consent nothing about the donation is kept here at all.
  if (payload.publicAcknowledgement === null) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(DonorWallRow)
    .values({
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
    })
    .orIgnore()
    .execute();
}

/**
 * The donor wall, fed from the donations topic. A donation's facts share its donor's
 * partition, so its consent (DonationReceived) comes before its decision and its refunds;
 * facts of donations without a row (no consent) change nothing.
 */
export const donorWallProjection: StoredProjection = {
  name: 'donor-wall',
  canHandle: ['DonationReceived', 'DonationAccepted', 'DonationFlagged', 'DonationRejected', 'DonationRefunded', 'ChargebackReceived'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    if (event.type === 'DonationReceived') return received(manager, event.payload as DonationReceivedV4);
    const repo = manager.getRepository(DonorWallRow);
    const { donationId } = event.payload as { donationId: string };
    const row = await repo.findOneBy({ donationId });
    if (!row) return;
    const add = (current: string, amount: string): string => (minor(current) + parseMinor(amount)).toString();
    let change: Change;
    switch (event.type) {
      case 'DonationAccepted':
        change = { decision: 'accepted', acceptedMinor: (event.payload as DonationAcceptedV1).acceptedAmountMinor, acceptedPosition: String(event.position) };
        break;
      case 'DonationFlagged':
        change = { decision: 'flagged' };
        break;
      case 'DonationRejected':
        change = { decision: 'rejected' };
        break;
      case 'DonationRefunded':
        change = { refundedMinor: add(row.refundedMinor, (event.payload as DonationRefundedV1).amountMinor) };
        break;
      case 'ChargebackReceived':
        change = { chargedBackMinor: add(row.chargedBackMinor, (event.payload as ChargebackReceivedV1).amountMinor) };
        break;
      default:
        return;
    }
    await repo.save(relisted(row, change));
  },
};
