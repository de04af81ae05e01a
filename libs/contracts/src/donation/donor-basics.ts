// What the frozen event versions and the current ones share about a donor and a payment: a
// leaf, so that v2 and the current events need not import each other.

/** The donor types of DonationReceived v1-v3 and RecurringPlanCreated v1-v2, frozen. */
export const DONOR_TYPES_V1 = ['individual', 'company', 'trade_union', 'other'] as const;
export type DonorTypeV1 = (typeof DONOR_TYPES_V1)[number];

export const PAYMENT_METHODS = ['card', 'bank_transfer', 'check', 'cash', 'in_kind'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The attestations of DonationReceived v1-v3 and RecurringPlanCreated v1-v2, frozen. */
export interface DonorAttestationsV1 {
  usCitizenOrPermanentResident?: boolean;
  ownFunds?: boolean;
  notFederalContractor?: boolean;
}
