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
