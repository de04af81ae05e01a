import { toMajorString } from '#contracts';
import type { DonationStatus } from '#domain';
import { countedOf, type DonationRow } from './donation-row.js';
import { displayName, donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';
import { inPeriod, type Tabular } from '../reports/report-format.js';

export interface LargeDonationEntry {
  donationId: string;
  campaignId: string;
  donorId: string;
  donor: DonorView;
  receivedAt: string;
  acceptedAt: string | null;
  status: DonationStatus;
  paymentMethod: string;
  receivedMinor: bigint;
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
  countedMinor: bigint;
  electionIds: (string | null)[];
}

export interface LargeDonationRegister {
  committeeId: string;
  from: string;
  to: string;
  thresholdMinor: bigint;
  count: number;
  receivedTotalMinor: bigint;
  entries: LargeDonationEntry[];
}

/**
 * Every donation received in [from, to) of more than the threshold, whatever became of it
 * (refused, refunded, charged back): the party's own record, and what a court asks for. The
 * size is what the donor gave, not what was kept.
 */
export function largeDonationRegister(input: { committeeId: string; rows: readonly DonationRow[]; donors: DonorViews; from: string; to: string; thresholdMinor: bigint }): LargeDonationRegister {
  const entries = input.rows
    .filter((r) => r.committeeId === input.committeeId && r.receivedMinor > input.thresholdMinor && inPeriod(r.receivedAt, input.from, input.to))
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId))
    .map((r): LargeDonationEntry => {
      const counted = countedOf(r);
      return {
        donationId: r.donationId,
        campaignId: r.campaignId,
        donorId: r.donorId,
        donor: donorViewOf(input.donors, r.donationId),
        receivedAt: r.receivedAt,
        acceptedAt: r.acceptedAt,
        status: r.status,
        paymentMethod: r.paymentMethod,
        receivedMinor: r.receivedMinor,
        acceptedMinor: r.acceptedMinor,
        refundedMinor: r.refundedMinor,
        chargedBackMinor: r.chargedBackMinor,
        countedMinor: counted.countedMinor,
        electionIds: r.allocations.map((a) => a.electionId),
      };
    });
  return {
    committeeId: input.committeeId,
    from: input.from,
    to: input.to,
    thresholdMinor: input.thresholdMinor,
    count: entries.length,
    receivedTotalMinor: entries.reduce((s, e) => s + e.receivedMinor, 0n),
    entries,
  };
}

export function largeDonationTable(report: LargeDonationRegister, currency: string): Tabular {
  const money = (m: bigint): string => toMajorString(m, currency);
  return {
    header: ['donation_id', 'campaign_id', 'donor_name', 'received_at', 'accepted_at', 'status', 'payment_method', 'received', 'accepted', 'refunded', 'charged_back', 'counted', 'elections'],
    rows: report.entries.map((e) => [e.donationId, e.campaignId, displayName(e.donor), e.receivedAt, e.acceptedAt ?? '', e.status, e.paymentMethod, money(e.receivedMinor), money(e.acceptedMinor), money(e.refundedMinor), money(e.chargedBackMinor), money(e.countedMinor), e.electionIds.map((id) => id ?? '').join(' ')]),
  };
}
