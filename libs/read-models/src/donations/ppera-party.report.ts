import type { DonationRow } from './donation-row.js';
import type { DonorViews } from '../reports/report-donor.js';
import { acceptedDayOf, lineOf, netValueOf, pperaQuarterlyReport, pperaThresholds, reportable, ukDayOf, ukQuarterOf, type BenefitsByDonation, type PperaLine, type PperaMark, type PperaQuarterlyReport } from './ppera.report.js';

export interface AccountingUnitOfParty {
  committeeId: string;
  name: string;
}

/** A source's donations in the year up to the quarter's end (by the UK day accepted), at net value, across the party. */
export interface PperaSourceTotal {
  donorId: string;
  centralMinor: bigint;
  /** By accounting unit's committee id. */
  unitsMinor: Record<string, bigint>;
  partyMinor: bigint;
}

export interface PperaPartyQuarterlyReport extends PperaQuarterlyReport {
  accountingUnits: AccountingUnitOfParty[];
  /** Every source reported in the quarter, with its totals across the central party and its units. */
  sourceTotals: PperaSourceTotal[];
}

const CENTRAL = 'Central Party';
const acceptedYear = (row: DonationRow): number => Number(acceptedDayOf(row).slice(0, 4));

/**
 * PPERA s.62(12): a source's donations to the central organisation and the accounting units
 * that are not reportable on their own (s.62(4)-(9), at £11,180 centrally and £2,230 at a
 * unit, s.62(11)) are reported by the party once the source's donations across the party in the
 * calendar year pass the central threshold; later ones again each time those not yet reported
 * pass the subsequent figure. They are reported in the quarter the donation that passed it was
 * accepted (Sch.6 para 5(3)(b)), as made to the party (Sch.6 para 5(1)(b)(ii)).
 */
function partyAggregateMarks(rows: readonly DonationRow[], reportedAlready: ReadonlySet<string>, benefits: BenefitsByDonation | undefined): Map<DonationRow, PperaMark> {
  const out = new Map<DonationRow, PperaMark>();
  // Per calendar year of acceptance (s.62(3)), as the party's own thresholds count.
  for (const year of new Set(rows.map(acceptedYear))) {
    const t = pperaThresholds('central', year);
    const relevant = rows
      .map((row) => ({ row, day: ukDayOf(row.receivedAt), value: netValueOf(row, benefits, t.minimumMinor) }))
      .filter((r) => r.row.acceptedMinor > 0n && acceptedYear(r.row) === year && r.value > 0n)
      .sort((a, b) => Date.parse(a.row.acceptedAt ?? a.row.receivedAt) - Date.parse(b.row.acceptedAt ?? b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId));
    const bySource = new Map<string, { totalMinor: bigint; passed: boolean; pending: typeof relevant; pendingMinor: bigint }>();
    for (const r of relevant) {
      const source = bySource.get(r.row.donorId) ?? { totalMinor: 0n, passed: false, pending: [], pendingMinor: 0n };
      bySource.set(r.row.donorId, source);
      source.totalMinor += r.value;
      if (!reportedAlready.has(r.row.donationId)) {
        source.pending.push(r);
        source.pendingMinor += r.value;
      }
      const passes = source.passed ? source.pendingMinor > t.subsequentMinor : source.totalMinor > t.initialMinor;
      if (!passes) continue;
      const day = acceptedDayOf(r.row);
      for (const p of source.pending) out.set(p.row, { year: Number(day.slice(0, 4)), quarter: ukQuarterOf(day), because: 'party_aggregate_over_threshold', aggregate: source.totalMinor, day: p.day, value: p.value });
      Object.assign(source, { passed: true, pending: [], pendingMinor: 0n });
    }
  }
  return out;
}

function sourceTotalsOf(rows: readonly DonationRow[], centralId: string, donorIds: ReadonlySet<string>, year: number, quarter: number, benefits: BenefitsByDonation | undefined): PperaSourceTotal[] {
  const t = pperaThresholds('central', year);
  const lastDay = `${year}-${String(quarter * 3).padStart(2, '0')}-31`;
  const totals = new Map<string, PperaSourceTotal>();
  for (const row of rows) {
    if (!donorIds.has(row.donorId) || row.acceptedMinor <= 0n || acceptedYear(row) !== year || acceptedDayOf(row) > lastDay) continue;
    const value = netValueOf(row, benefits, t.minimumMinor);
    const total = totals.get(row.donorId) ?? { donorId: row.donorId, centralMinor: 0n, unitsMinor: {}, partyMinor: 0n };
    totals.set(row.donorId, total);
    if (row.committeeId === centralId) total.centralMinor += value;
    else total.unitsMinor[row.committeeId] = (total.unitsMinor[row.committeeId] ?? 0n) + value;
    total.partyMinor += value;
  }
  return [...totals.values()].sort((a, b) => a.donorId.localeCompare(b.donorId));
}

/**
 * The quarterly report of a party with accounting units, as its (central) treasurer delivers
 * it (PPERA s.62, Sch.6 para 5(1)(b)): the central organisation's reportable donations, each
 * unit's (s.62(11)), and a source's donations across the party under s.62(12); each line says
 * whom the donation was made to. `rows` holds the central party's and its units' donations.
 */
export function pperaPartyQuarterlyReport(input: {
  committeeId: string;
  units: readonly AccountingUnitOfParty[];
  rows: readonly DonationRow[];
  donors: DonorViews;
  year: number;
  quarter: number;
  benefits?: BenefitsByDonation;
}): PperaPartyQuarterlyReport {
  const { committeeId, units, year, quarter, benefits, donors } = input;
  const members = [{ committeeId, name: CENTRAL, level: 'central' as const }, ...units.map((u) => ({ ...u, level: 'accounting_unit' as const }))];
  const partyRows = input.rows.filter((r) => members.some((m) => m.committeeId === r.committeeId));
  const own = members.map((m) => ({ member: m, marks: reportable(partyRows.filter((r) => r.committeeId === m.committeeId), m.level, benefits) }));
  const reportedAlready = new Set(own.flatMap(({ marks }) => [...marks.keys()].map((row) => row.donationId)));
  const nameOf = (row: DonationRow): string => members.find((m) => m.committeeId === row.committeeId)?.name ?? row.committeeId;
  const inQuarter = (mark: PperaMark) => mark.year === year && mark.quarter === quarter;
  const lines: PperaLine[] = [
    ...own.flatMap(({ member, marks }) => [...marks].filter(([, m]) => inQuarter(m)).map(([row, m]) => ({ row, line: { ...lineOf(row, m, donors), madeTo: member.name, treatedAsMadeToParty: false } }))),
    ...[...partyAggregateMarks(partyRows, reportedAlready, benefits)].filter(([, m]) => inQuarter(m)).map(([row, m]) => ({ row, line: { ...lineOf(row, m, donors), madeTo: nameOf(row), treatedAsMadeToParty: true } })),
  ]
    .sort((a, b) => Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId))
    .map((l) => l.line);
  const returned = members.flatMap((m) => pperaQuarterlyReport({ committeeId: m.committeeId, rows: partyRows, donors, year, quarter, level: m.level, benefits }).returned);
  const sourceTotals = sourceTotalsOf(partyRows, committeeId, new Set(lines.map((l) => l.donorId)), year, quarter, benefits);
  return { committeeId, year, quarter, level: 'central', totalMinor: lines.reduce((s, l) => s + l.valueMinor, 0n), lines, returned, accountingUnits: [...units], sourceTotals };
}
