import { countedAmounts } from './donation-amounts.js';

/** What the donor wall knows of one donation: the donor's consent and the money as its stream tells it. */
export interface WallDonation {
  /** null: the donor did not consent to be named (the default, always). */
  consent: { showAmount: boolean } | null;
  /** Compliance's decision: only an accepted donation is shown. */
  decision: 'accepted' | 'flagged' | 'rejected' | null;
  receivedMinor: bigint;
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
}

export type WallListing = { listed: false } | { listed: true; amountMinor: bigint | null };

/**
 * Whether the public wall names a donation's donor, and with what amount. Only with the
 * donor's consent, only once compliance accepted it, and no longer once any of the accepted
 * money went back (a refund or chargeback of the donation; refunding only the excess compliance
 * held back leaves it listed, as that money was never kept). The amount only when the donor
 * consented to it, and then what the committee keeps.
 */
export function wallListing(donation: WallDonation): WallListing {
  if (donation.consent === null || donation.decision !== 'accepted' || donation.acceptedMinor <= 0n) return { listed: false };
  if (donation.chargedBackMinor > 0n) return { listed: false };
  const { countedMinor } = countedAmounts({
    receivedMinor: donation.receivedMinor,
    acceptedMinor: donation.acceptedMinor,
    refundedMinor: donation.refundedMinor,
    chargedBackMinor: donation.chargedBackMinor,
  });
  if (countedMinor < donation.acceptedMinor) return { listed: false };
  return { listed: true, amountMinor: donation.consent.showAmount ? countedMinor : null };
}
