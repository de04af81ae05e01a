import type { DonorAttestations, DonorType } from '#contracts';

export type CeaEligibilityCode = 'cea_contributor_not_an_individual' | 'cea_contributor_not_citizen_or_permanent_resident';

export type CeaEligibility =
  | { outcome: 'eligible' }
  | { outcome: 'ineligible'; code: CeaEligibilityCode; detail: string }
  | { outcome: 'not_established'; code: 'cea_eligibility_not_established'; detail: string };

/**
 * Canada Elections Act s.363(1): only an individual who is a Canadian citizen or a permanent
 * resident (Immigration and Refugee Protection Act s.2(1)) may contribute to a registered party.
 * Checked by class, in this order:
 * - any giver that is not an individual (a corporation, a trade union, an association, another
 *   party or committee) is ineligible whatever it attests: the Act names no other kind;
 * - an individual who attested NOT being a citizen or permanent resident is ineligible;
 * - an individual who attested nothing is not established either way: an officer must find out
 *   before the money is kept. The US attestation proves nothing here: a US permanent resident
 *   is not a Canadian one.
 */
export function checkCeaEligibleContributor(donor: { type: DonorType; attestations: DonorAttestations }): CeaEligibility {
  if (donor.type !== 'individual') {
    return { outcome: 'ineligible', code: 'cea_contributor_not_an_individual', detail: `only an individual may contribute (s.363(1)); the contributor is a ${donor.type}` };
  }
  const attested = donor.attestations.canadianCitizenOrPermanentResident;
  if (attested === false) {
    return { outcome: 'ineligible', code: 'cea_contributor_not_citizen_or_permanent_resident', detail: 'the contributor attested not being a Canadian citizen or permanent resident (s.363(1))' };
  }
  if (attested === undefined) {
    return { outcome: 'not_established', code: 'cea_eligibility_not_established', detail: 'the contributor did not attest being a Canadian citizen or permanent resident (s.363(1))' };
  }
  return { outcome: 'eligible' };
}
