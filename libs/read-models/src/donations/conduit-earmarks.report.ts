import { contributorFields, emptySaRecord, fecAmount, fecEntityType, fecTransactionId, FEC_SA_FIELDS, type FecSaRecord } from './fec-records.js';
import type { DonationRow } from './donation-row.js';
import { fecDate, inPeriod, type Tabular } from '../reports/report-format.js';
import { donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';

/** The conduit and the committees it forwards to, as its filings name them. */
export interface ConduitFiler {
  committeeId: string;
  fecId: string;
  name: string;
  recipients: ReadonlyMap<string, { name: string; fecId: string | null }>;
}

export interface ConduitEarmarksInput {
  conduit: ConduitFiler;
  /** Rows of the conduit's campaigns; the shares are those whose committee is a recipient. */
  rows: readonly DonationRow[];
  donors: DonorViews;
  /** The reporting period [from, to), ISO instants. */
  from: string;
  to: string;
  /** Each earmarked contribution over this is itemized with its source and recipient (11 CFR 110.6(c)(1)(iv)): $200. */
  itemizationThresholdMinor?: bigint;
}

export interface EarmarkLine {
  donationId: string;
  donorId: string;
  recipientCommitteeId: string;
  receivedAt: string;
  /** What the recipient accepted of the share: what the conduit passes on and reports. */
  amountMinor: bigint;
  itemized: boolean;
  donor: DonorView;
  record: FecSaRecord;
}

export interface RecipientEarmarkTotal {
  recipientCommitteeId: string;
  shareCount: number;
  totalMinor: bigint;
  itemizedMinor: bigint;
}

export interface ConduitEarmarks {
  conduitCommitteeId: string;
  from: string;
  to: string;
  itemizationThresholdMinor: bigint;
  totalMinor: bigint;
  byRecipient: RecipientEarmarkTotal[];
  /** The itemized shares only; the rest are in the totals. */
  lines: EarmarkLine[];
}

/** The shares of the conduit's campaigns: every row whose committee is not the conduit's own. */
export const earmarkedShares = (conduitCommitteeId: string, rows: readonly DonationRow[]): DonationRow[] => rows.filter((r) => r.committeeId !== conduitCommitteeId);

/**
 * The conduit's report of the earmarked contributions it received in the period: each share
 * over $200 itemized as a memo Schedule A line (memo code X) with its original source and its
 * recipient, and the totals per recipient of everything accepted, itemized or not. Amounts are
 * what each recipient accepted; an excess the recipient refused is no earmarked contribution.
 */
export function conduitEarmarks(input: ConduitEarmarksInput): ConduitEarmarks {
  const threshold = input.itemizationThresholdMinor ?? 20_000n;
  const { conduit } = input;
  const shares = earmarkedShares(conduit.committeeId, input.rows)
    .filter((r) => inPeriod(r.receivedAt, input.from, input.to) && r.acceptedMinor > 0n)
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId));
  const byRecipient = new Map<string, RecipientEarmarkTotal>();
  const lines: EarmarkLine[] = [];
  for (const row of shares) {
    const itemized = row.acceptedMinor > threshold;
    const total = byRecipient.get(row.committeeId) ?? { recipientCommitteeId: row.committeeId, shareCount: 0, totalMinor: 0n, itemizedMinor: 0n };
    byRecipient.set(row.committeeId, { ...total, shareCount: total.shareCount + 1, totalMinor: total.totalMinor + row.acceptedMinor, itemizedMinor: total.itemizedMinor + (itemized ? row.acceptedMinor : 0n) });
    if (itemized) lines.push(lineOf(row, input));
  }
  const totals = [...byRecipient.values()].sort((a, b) => a.recipientCommitteeId.localeCompare(b.recipientCommitteeId));
  return { conduitCommitteeId: conduit.committeeId, from: input.from, to: input.to, itemizationThresholdMinor: threshold, totalMinor: totals.reduce((s, t) => s + t.totalMinor, 0n), byRecipient: totals, lines };
}

function lineOf(row: DonationRow, input: ConduitEarmarksInput): EarmarkLine {
  const donor = donorViewOf(input.donors, row.donationId);
  const recipient = input.conduit.recipients.get(row.committeeId);
  const recipientName = recipient?.name ?? row.committeeId;
  const contributor = contributorFields(donor, fecEntityType(row.donorType));
  const record: FecSaRecord = {
    ...emptySaRecord(),
    form_type: 'SA11AI',
    filer_committee_id_number: input.conduit.fecId,
    transaction_id: fecTransactionId(row.donationId, 0),
    entity_type: fecEntityType(row.donorType),
    ...contributor,
    contribution_date: fecDate(row.receivedAt),
    contribution_amount: fecAmount(row.acceptedMinor),
    contribution_aggregate: fecAmount(row.acceptedMinor),
    contribution_purpose_descrip: `Earmarked for ${recipientName}`,
    donor_committee_fec_id: recipient?.fecId ?? '',
    donor_committee_name: recipientName,
    memo_code: 'X',
    memo_text_description: [contributor.memo_text_description, `Earmarked contribution forwarded to ${recipientName}${recipient?.fecId ? ` (${recipient.fecId})` : ''}`].filter(Boolean).join('; '),
  };
  return { donationId: row.donationId, donorId: row.donorId, recipientCommitteeId: row.committeeId, receivedAt: row.receivedAt, amountMinor: row.acceptedMinor, itemized: true, donor, record };
}

export function conduitEarmarksTable(report: ConduitEarmarks): Tabular {
  return { header: FEC_SA_FIELDS, rows: report.lines.map((l) => FEC_SA_FIELDS.map((f) => l.record[f])) };
}

export interface EarmarkReconciliation {
  recipientCommitteeId: string;
  conduitMinor: bigint;
  recipientMinor: bigint;
  differenceMinor: bigint;
}

/**
 * Whether the conduit's totals per recipient and what each recipient booked from the conduit's
 * campaigns agree to the minor unit: the recipients' side is read from their own rows (by
 * committee), the conduit's from its campaigns' rows. Every recipient of either side is listed;
 * `ok` only when every difference is zero.
 */
export function reconcileEarmarks(conduit: ConduitEarmarks, recipientRows: ReadonlyMap<string, readonly DonationRow[]>, campaignIds: ReadonlySet<string>): { ok: boolean; recipients: EarmarkReconciliation[] } {
  const ids = new Set([...conduit.byRecipient.map((r) => r.recipientCommitteeId), ...recipientRows.keys()]);
  const recipients = [...ids].sort().map((recipientCommitteeId) => {
    const conduitMinor = conduit.byRecipient.find((r) => r.recipientCommitteeId === recipientCommitteeId)?.totalMinor ?? 0n;
    const recipientMinor = (recipientRows.get(recipientCommitteeId) ?? [])
      .filter((r) => r.committeeId === recipientCommitteeId && campaignIds.has(r.campaignId) && inPeriod(r.receivedAt, conduit.from, conduit.to))
      .reduce((sum, r) => sum + r.acceptedMinor, 0n);
    return { recipientCommitteeId, conduitMinor, recipientMinor, differenceMinor: conduitMinor - recipientMinor };
  });
  return { ok: recipients.every((r) => r.differenceMinor === 0n), recipients };
}
