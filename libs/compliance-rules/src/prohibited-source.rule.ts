import type { DonorAttestations, DonorType } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { hasRule, type RulePack } from './rule-packs.js';

export type ProhibitedSourceCode =
  | 'prohibited_source_corporation'
  | 'prohibited_source_labor_organization'
  | 'prohibited_source_foreign_national'
  | 'prohibited_source_federal_contractor'
  | 'contribution_in_name_of_another';

export type ProhibitedVerdict = { prohibited: false } | { prohibited: true; code: ProhibitedSourceCode; detail: string };

/**
 * Sources the FEC forbids outright, checked in this order; each is a refusal, never a flag,
 * because the donation itself says what the source is:
 * - a corporation (52 U.S.C. 30118; donor type 'company');
 * - a labour organisation (52 U.S.C. 30118; donor type 'trade_union');
 * - a foreign national: the donor attested NOT being a US citizen or permanent resident
 *   (52 U.S.C. 30121). A missing attestation is not this rule's: see questionable-source;
 * - a federal contractor: the donor attested being one (52 U.S.C. 30119);
 * - someone else's money: the donor attested the funds are not their own (52 U.S.C. 30122).
 * Only an explicit `false` proves a prohibition; an attestation not given proves nothing.
 */
export function checkProhibitedSource(pack: RulePack, donor: { type: DonorType; attestations: DonorAttestations }): ProhibitedVerdict {
  if (!hasRule(pack, RULE_IDS.prohibitedSource)) return { prohibited: false };
  const { attestations } = donor;
  if (donor.type === 'company') return refuse('prohibited_source_corporation', 'corporations may not contribute to a candidate committee');
  if (donor.type === 'trade_union') return refuse('prohibited_source_labor_organization', 'labor organizations may not contribute to a candidate committee');
  if (attestations.usCitizenOrPermanentResident === false) {
    return refuse('prohibited_source_foreign_national', 'the donor attested not being a US citizen or permanent resident');
  }
  if (attestations.notFederalContractor === false) return refuse('prohibited_source_federal_contractor', 'the donor attested being a federal contractor');
  if (attestations.ownFunds === false) return refuse('contribution_in_name_of_another', 'the donor attested the funds are not their own');
  return { prohibited: false };
}

const refuse = (code: ProhibitedSourceCode, detail: string): ProhibitedVerdict => ({ prohibited: true, code, detail });
