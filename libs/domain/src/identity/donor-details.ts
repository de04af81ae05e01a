import type { DonorAddress, DonorDetailsGiven } from '#contracts';

/** The details a donor may give, as intake's parsed input carries them. */
export interface DonorDetails {
  address: DonorAddress | null;
  occupation: string | null;
  employer: string | null;
}

/**
 * Which details a report must carry the donor gave, without the details themselves: they are
 * sealed with the donor's key, and compliance decides itemization and best-efforts requests
 * on these facts alone. A mailing address needs its first line, city and postal code.
 */
export function detailsGivenOf(donor: DonorDetails): DonorDetailsGiven {
  const address = donor.address;
  return {
    mailingAddress: address !== null && address.line1 !== null && address.city !== null && address.postalCode !== null,
    occupation: donor.occupation !== null,
    employer: donor.employer !== null,
  };
}
