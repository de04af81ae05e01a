import { toMajorString } from '#contracts';
import { amountOf, dayInZone, rulePackInZone } from '#compliance-rules';
import { countedOf, type DonationRow } from './donation-row.js';
import { displayName, donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';
import type { Tabular } from '../reports/report-format.js';

export interface CeaContribution {
  donationId: string;
  receivedOn: string;
  /** What the party keeps: accepted, less refunds and chargebacks. */
  amountMinor: bigint;
}

export interface CeaContributor {
  donorId: string;
  donor: DonorView;
  totalMinor: bigint;
  contributions: CeaContribution[];
}

export interface CeaContributionsReport {
  committeeId: string;
  year: number;
  rulePackVersion: string;
  disclosureThresholdMinor: bigint;
  /** Contributors whose year passes the threshold, named with their address, each contribution listed. */
  contributors: CeaContributor[];
  /** Everyone else known: how many, and what they gave in total. */
  undisclosed: { contributors: number; totalMinor: bigint };
  /** Contributions of $20 or less from nobody known (s.366(2)): how many, and the total. */
  anonymous: { count: number; totalMinor: bigint };
  totalMinor: bigint;
}

/**
 * The contributions a Canadian registered party reports for a calendar year (Canada Elections
 * Act s.432(2)): every contributor whose contributions in the year total more than the pack's
 * disclosure figure ($200.00 is not over it; $200.01 is), named with their address and each
 * contribution, then the others as a count and a total, and the anonymous ones apart. A year
 * is the party's local calendar year, as compliance counted it; amounts are what is kept.
 */
export function ceaContributionsReport(input: { committeeId: string; rows: readonly DonationRow[]; donors: DonorViews; year: number; timeZone: string }): CeaContributionsReport {
  const pack = rulePackInZone('CA-CEA-PARTY', `${input.year}-07-01T12:00:00.000Z`, input.timeZone);
  const thresholdMinor = amountOf(pack, 'disclosureThreshold');
  if (thresholdMinor === null) throw new Error(`rule pack ${pack.version} sets no disclosureThreshold`);
  const byDonor = new Map<string, CeaContributor>();
  const anonymous = { count: 0, totalMinor: 0n };
  for (const row of keptInYear(input)) {
    const contribution = { donationId: row.donationId, receivedOn: dayInZone(row.receivedAt, input.timeZone) ?? '', amountMinor: countedOf(row).countedMinor };
    if (row.sealedPii === null) {
      anonymous.count += 1;
      anonymous.totalMinor += contribution.amountMinor;
      continue;
    }
    const contributor = byDonor.get(row.donorId) ?? { donorId: row.donorId, donor: donorViewOf(input.donors, row.donationId), totalMinor: 0n, contributions: [] };
    contributor.totalMinor += contribution.amountMinor;
    contributor.contributions.push(contribution);
    byDonor.set(row.donorId, contributor);
  }
  const all = [...byDonor.values()];
  const contributors = all.filter((c) => c.totalMinor > thresholdMinor).sort((a, b) => (a.totalMinor === b.totalMinor ? a.donorId.localeCompare(b.donorId) : a.totalMinor > b.totalMinor ? -1 : 1));
  const others = all.filter((c) => c.totalMinor <= thresholdMinor);
  const undisclosed = { contributors: others.length, totalMinor: others.reduce((sum, c) => sum + c.totalMinor, 0n) };
  const disclosedMinor = contributors.reduce((sum, c) => sum + c.totalMinor, 0n);
  return {
    committeeId: input.committeeId,
    year: input.year,
    rulePackVersion: pack.version,
    disclosureThresholdMinor: thresholdMinor,
    contributors,
    undisclosed,
    anonymous,
    totalMinor: disclosedMinor + undisclosed.totalMinor + anonymous.totalMinor,
  };
}

/** The committee's donations received in the year (its local days) of which something is kept, oldest first. */
function keptInYear(input: { committeeId: string; rows: readonly DonationRow[]; year: number; timeZone: string }): DonationRow[] {
  return input.rows
    .filter((r) => r.committeeId === input.committeeId && dayInZone(r.receivedAt, input.timeZone)?.startsWith(`${input.year}-`) === true && countedOf(r).countedMinor > 0n)
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId));
}

/** One line per disclosed contribution, with its contributor's name, address and year total. */
export function ceaContributionsTable(report: CeaContributionsReport): Tabular {
  const money = (m: bigint): string => toMajorString(m, 'CAD');
  const addressOf = (view: DonorView): string[] => {
    const address = view.status === 'disclosed' ? view.address : null;
    return [address?.line1 ?? '', address?.city ?? '', address?.region ?? '', address?.postalCode ?? ''];
  };
  return {
    header: ['contributor_name', 'address_line1', 'city', 'province', 'postal_code', 'year_total', 'donation_id', 'received_on', 'amount'],
    rows: report.contributors.flatMap((c) => c.contributions.map((k) => [displayName(c.donor), ...addressOf(c.donor), money(c.totalMinor), k.donationId, k.receivedOn, money(k.amountMinor)])),
  };
}
