/**
 * DonationReceived as the first release wrote it: the amount as a JSON number of cents and
 * no election designation. Such events stay in the ledger forever; `upcasters.ts` reads
 * them as v2.
 */
export interface DonationReceivedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  amountCents: number;
  currency: string;
  donor: {
    donorId: string;
    type: 'individual' | 'company' | 'trade_union' | 'other';
    sealedPii: string | null;
  };
  paymentReference: string | null;
  receivedAt: string;
}

/** DonationAccepted as first written: without the figures compared or the itemization mark (read as v2). */
export interface DonationAcceptedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  electionId: string | null;
  acceptedAmountMinor: string;
  currency: string;
  /** Donor's aggregate for the election after this donation, as compliance counted it. */
  aggregateAfterMinor: string;
  ruleIds: string[];
  rulePackVersion: string;
}

/** DonationFlagged as first written: without figures or deadlines (read as v2). */
export interface DonationFlaggedV1 {
  donationId: string;
  campaignId: string;
  reasons: { code: string; detail: string }[];
  ruleIds: string[];
  rulePackVersion: string;
}
