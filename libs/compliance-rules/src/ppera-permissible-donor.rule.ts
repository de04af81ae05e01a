import type { DonorAttestations, DonorType } from '#contracts';
import { isAnonymousDonor } from './anonymous-limit.rule.js';

export interface PperaDonor {
  donorId: string;
  type: DonorType;
  attestations: DonorAttestations;
  registrationNumber: string | null;
}

export type PermissibilityVerdict =
  | { outcome: 'permissible' }
  /** May not be kept: returned within 30 days (s.56(2)). */
  | { outcome: 'impermissible'; code: 'ppera_unidentifiable_donor' | 'ppera_impermissible_donor'; detail: string }
  /** The party has 30 days to establish it, or must return the donation (s.56(1)-(2)): an officer's question. */
  | { outcome: 'not_established'; code: 'ppera_permissibility_not_established'; detail: string };

type Check = (donor: PperaDonor) => PermissibilityVerdict;

const permissible: PermissibilityVerdict = { outcome: 'permissible' };
const impermissible = (detail: string): PermissibilityVerdict => ({ outcome: 'impermissible', code: 'ppera_impermissible_donor', detail });
const notEstablished = (detail: string): PermissibilityVerdict => ({ outcome: 'not_established', code: 'ppera_permissibility_not_established', detail });

/** An attestation decides only when given: `false` proves the donor impermissible, absence proves nothing. */
function attested(value: boolean | undefined, what: string): PermissibilityVerdict {
  if (value === true) return permissible;
  return value === false ? impermissible(`the donor attested not ${what}`) : notEstablished(`the donor has not attested ${what}`);
}

function registered(donor: PperaDonor, register: string): PermissibilityVerdict {
  return donor.registrationNumber !== null ? permissible : notEstablished(`no registration number on ${register} was given`);
}

const both = (first: PermissibilityVerdict, second: PermissibilityVerdict): PermissibilityVerdict => {
  if (first.outcome === 'impermissible') return first;
  if (second.outcome === 'impermissible') return second;
  return first.outcome === 'not_established' ? first : second;
};

/** PPERA 2000 s.54(2): each kind of permissible donor and what shows it is one. */
const BY_TYPE: Readonly<Record<DonorType, Check>> = {
  // (a) an individual registered in an electoral register.
  individual: (d) => attested(d.attestations.onUkElectoralRegister, 'being on a UK electoral register'),
  // (b) a company registered under the Companies Act 2006, incorporated in the UK, carrying on business in the UK.
  company: (d) => both(attested(d.attestations.carriesOnBusinessInUk, 'carrying on business in the UK'), registered(d, 'the Companies House register')),
  // (c) a registered party.
  registered_party: (d) => registered(d, "the Electoral Commission's register of political parties"),
  // (d) a trade union entered in the list kept under the Trade Union and Labour Relations (Consolidation) Act 1992.
  trade_union: (d) => attested(d.attestations.listedTradeUnion, "being on the Certification Officer's list of trade unions"),
  // (e) a building society.
  building_society: (d) => registered(d, "the FCA's Mutuals Public Register"),
  // (f) a limited liability partnership registered in the UK, carrying on business in the UK.
  llp: (d) => both(attested(d.attestations.carriesOnBusinessInUk, 'carrying on business in the UK'), registered(d, 'the Companies House register')),
  // (g) a friendly society, or a society registered under the Co-operative and Community Benefit Societies Act 2014.
  friendly_society: (d) => registered(d, "the FCA's Mutuals Public Register"),
  registered_society: (d) => registered(d, "the FCA's Mutuals Public Register"),
  // (h) an unincorporated association with its main office in the UK, carrying on business or other activities wholly or mainly there.
  unincorporated_association: (d) => attested(d.attestations.carriesOnBusinessInUk, 'carrying on its business or activities wholly or mainly in the UK with its main office there'),
  // Not one of the kinds s.54(2) lists: whatever it is, it may not give.
  other: () => impermissible('the donor is none of the permissible donors PPERA 2000 s.54(2) lists'),
};

/**
 * Whether a registered party may accept a donation from this donor (PPERA 2000 s.54).
 * Checked in this order: a donor who cannot be identified (an anonymous gift, s.54(1)(b)) may
 * never be kept; then the donor's kind decides what shows it permissible. An explicit "no"
 * makes it impermissible; a missing attestation or registration number leaves permissibility
 * to be established within the 30 days the party has to return it (s.56). Applies only to a
 * donation over £500: a smaller one is disregarded (s.52(2)), the caller's check.
 */
export function checkPermissibleDonor(donor: PperaDonor): PermissibilityVerdict {
  if (isAnonymousDonor(donor.donorId)) {
    return { outcome: 'impermissible', code: 'ppera_unidentifiable_donor', detail: 'the donor cannot be identified (an anonymous donation)' };
  }
  return BY_TYPE[donor.type](donor);
}
