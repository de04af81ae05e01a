/**
 * A donor's personal data: what a DonationReceived carries, sealed with the donor's own key,
 * in `donor.sealedPii` (see libs/personal-data). It never travels in clear, in events,
 * messages or logs; reporting opens it to file reports, until the key is erased.
 */
export interface DonorAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  /** State, county or province. */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
}

export interface DonorPersonalData {
  name: string;
  address: DonorAddress | null;
  email: string | null;
  occupation: string | null;
  employer: string | null;
}
