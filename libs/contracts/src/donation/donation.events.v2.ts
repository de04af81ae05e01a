import type { DonorAttestationsV1, DonorTypeV1, PaymentMethod } from './donor-basics.js';

/**
 * DonationReceived v2 and the donor snapshot it carried, frozen: such events stay in the
 * ledger forever and `upcasters.ts` reads them as v3. Recurring plans of v1 carry the same
 * snapshot.
 */
export interface DonorSnapshotV1 {
  /** Keyed hash of the donor's normalised identity: how compliance matches donors without plaintext. */
  donorId: string;
  type: DonorTypeV1;
  /** Personal data sealed with the donor's own key (see libs/ledger pii), or null when anonymous. */
  sealedPii: string | null;
  attestations: DonorAttestationsV1;
}

/** v2: amounts are decimal strings of minor units and every donation names its election. */
export interface DonationReceivedV2 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  amountMinor: string;
  currency: string;
  donor: DonorSnapshotV1;
  payment: { method: PaymentMethod; pspReference: string | null };
  /** Election the donation counts towards (designated by the donor or the committee default). */
  electionId: string | null;
  receivedAt: string;
}
