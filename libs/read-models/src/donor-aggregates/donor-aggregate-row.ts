import type { RecordedEvent } from '#contracts';
import { countedOf, evolveDonationRow, isDonationFact, type DonationRow } from '../donations/donation-row.js';

/**
 * One donor's money at one committee, per election (FEC limits) and per calendar year of
 * receipt (PPERA aggregation, in UTC like every day the ledger records). Each of the donor's
 * donations is folded with the donation row's own rule, so the aggregates can never disagree
 * with the donations report; personal data is not kept here.
 */
export interface DonorAggregateRow {
  committeeId: string;
  donorId: string;
  currency: string;
  donations: Record<string, DonationRow>;
  byElection: { electionId: string | null; countedMinor: bigint }[];
  byYear: { year: number; countedMinor: bigint }[];
}

export const donorAggregateKey = (committeeId: string, donorId: string): string => `${committeeId}|${donorId}`;

/** The row an event belongs to: its committee and donor, from the metadata every donation fact carries. */
export function donorAggregateKeyOf(event: RecordedEvent): string | null {
  if (!isDonationFact(event) || !event.metadata.donorId) return null;
  return donorAggregateKey(event.metadata.committeeId, event.metadata.donorId);
}

function totals(donations: Record<string, DonationRow>): Pick<DonorAggregateRow, 'byElection' | 'byYear'> {
  const elections = new Map<string | null, bigint>();
  const years = new Map<number, bigint>();
  for (const row of Object.values(donations)) {
    const counted = countedOf(row);
    for (const a of counted.byElection) elections.set(a.electionId, (elections.get(a.electionId) ?? 0n) + a.amountMinor);
    const year = Number(row.receivedAt.slice(0, 4));
    years.set(year, (years.get(year) ?? 0n) + counted.countedMinor);
  }
  return {
    byElection: [...elections].map(([electionId, countedMinor]) => ({ electionId, countedMinor })).sort((a, b) => String(a.electionId).localeCompare(String(b.electionId))),
    byYear: [...years].map(([year, countedMinor]) => ({ year, countedMinor })).sort((a, b) => a.year - b.year),
  };
}

export function evolveDonorAggregateRow(row: DonorAggregateRow | null, event: RecordedEvent): DonorAggregateRow | null {
  const donationId = (event.payload as { donationId?: string }).donationId;
  if (!donationId || !event.metadata.donorId) return row;
  const before = row?.donations[donationId] ?? null;
  const after = evolveDonationRow(before, event);
  if (after === null || after === before) return row;
  const donations = { ...(row?.donations ?? {}), [donationId]: { ...after, sealedPii: null } };
  return { committeeId: after.committeeId, donorId: after.donorId, currency: after.currency, donations, ...totals(donations) };
}

/** The donor's counted money for one election, or for one calendar year. */
export const aggregateForElection = (row: DonorAggregateRow, electionId: string | null): bigint =>
  row.byElection.find((e) => e.electionId === electionId)?.countedMinor ?? 0n;
export const aggregateForYear = (row: DonorAggregateRow, year: number): bigint => row.byYear.find((y) => y.year === year)?.countedMinor ?? 0n;
