import type { DonorAddress, DonorPersonalData } from '#contracts';
import type { Principal, Role } from '#domain';

/**
 * How a donor appears in a report. `disclosed`: the caller may read personal data and the
 * donor's key lives; `erased`: the key was destroyed (crypto-shredding), so the person is gone
 * while every amount stays; `withheld`: the caller's role may not read personal data;
 * `anonymous`: the donor gave none.
 */
export type DonorView =
  | { status: 'disclosed'; name: string; address: DonorAddress | null; occupation: string | null; employer: string | null; companyNumber: string | null }
  | { status: 'erased' }
  | { status: 'withheld' }
  | { status: 'anonymous' };

/**
 * Roles that may read donors' personal data in reports: officers file them, auditors check
 * them against the filings, admins run the party's account. Intake keys (donation forms) see
 * reports with every donor withheld: a form needs totals, never the donor list.
 */
export const PII_READER_ROLES: readonly Role[] = Object.freeze(['officer', 'auditor', 'admin']);

export const mayReadPersonalData = (principal: Pick<Principal, 'roles'>): boolean =>
  principal.roles.some((role) => PII_READER_ROLES.includes(role));

/** The view of opened personal data; a company's registration number travels as an optional member. */
export function disclosed(data: DonorPersonalData): DonorView {
  const extra = data as DonorPersonalData & { companyNumber?: string | null };
  return { status: 'disclosed', name: data.name, address: data.address, occupation: data.occupation, employer: data.employer, companyNumber: extra.companyNumber ?? null };
}

/** Each donation's donor view, by donation id (each donation seals the donor's data as given then). */
export type DonorViews = ReadonlyMap<string, DonorView>;

/** Where a partner's or member's view of a partnership's gift is kept among the views. */
export const partnerViewKey = (donationId: string, partnerDonorId: string): string => `${donationId}/partner/${partnerDonorId}`;

/** A donation without an entry is shown withheld: nothing is disclosed by omission. */
export const donorViewOf = (views: DonorViews, donationId: string): DonorView => views.get(donationId) ?? { status: 'withheld' };

/** What a report prints where a name goes when the person cannot be shown. */
export function displayName(view: DonorView): string {
  switch (view.status) {
    case 'disclosed':
      return view.name;
    case 'erased':
      return '[erased person]';
    case 'withheld':
      return '[withheld]';
    case 'anonymous':
      return '[anonymous]';
  }
}
