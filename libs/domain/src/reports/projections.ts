import { TOPICS, type RecordedEvent, type Topic } from '#contracts';
import { COMPLIANCE_CASE_EVENT_TYPES, evolveComplianceCaseRow, type ComplianceCaseRow } from './compliance-case-row.js';
import { evolveDonationRow, isDonationFact, type DonationRow } from './donation-row.js';
import { donorAggregateKeyOf, evolveDonorAggregateRow, type DonorAggregateRow } from './donor-aggregate-row.js';
import { evolveRewardGrantRow, type RewardGrantRow } from './reward-grant-row.js';

/**
 * A read model as a pure fold: which facts it reads, the row each fact belongs to, and
 * `evolve(row | null, event)`. The TypeORM adapter (libs/persistence/src/reporting) stores the
 * rows with a checkpoint in the same transaction; replay and as-of queries run that same stored
 * projection over the ledger into a scratch schema (libs/persistence/src/replay).
 * `foldProjection` folds a definition in memory: the specs' oracle for what the stored rows hold.
 */
export interface ReportProjection<Row> {
  readonly name: string;
  readonly topics: readonly Topic[];
  readonly eventTypes: readonly string[];
  keyOf(event: RecordedEvent): string | null;
  evolve(row: Row | null, event: RecordedEvent): Row | null;
}

/*
 * A new fact about donations (an officer's redesignation or reattribution, from the review
 * work) is its type here, a case in donation-row.ts `applied` (a redesignation calls
 * `redesignated`), and an entry in COMPLIANCE_CASE_HANDLERS when it meets an obligation.
 */
const DONATION_FACTS = ['DonationReceived', 'DonationAccepted', 'DonationFlagged', 'DonationRejected', 'DonationRefunded', 'ChargebackReceived', 'ExcessiveContributionHeld'];
const donationIdOf = (event: RecordedEvent): string | null =>
  isDonationFact(event) ? ((event.payload as { donationId?: string }).donationId ?? null) : null;

export const donationsProjection: ReportProjection<DonationRow> = {
  name: 'report-donations',
  topics: [TOPICS.donations],
  eventTypes: DONATION_FACTS,
  keyOf: donationIdOf,
  evolve: evolveDonationRow,
};

export const donorAggregatesProjection: ReportProjection<DonorAggregateRow> = {
  name: 'report-donor-aggregates',
  topics: [TOPICS.donations],
  eventTypes: DONATION_FACTS,
  keyOf: donorAggregateKeyOf,
  evolve: evolveDonorAggregateRow,
};

export const complianceCasesProjection: ReportProjection<ComplianceCaseRow> = {
  name: 'report-compliance-cases',
  topics: [TOPICS.donations],
  eventTypes: COMPLIANCE_CASE_EVENT_TYPES,
  keyOf: donationIdOf,
  evolve: evolveComplianceCaseRow,
};

export const rewardGrantsProjection: ReportProjection<RewardGrantRow> = {
  name: 'report-reward-grants',
  topics: [TOPICS.rewards],
  eventTypes: ['RewardGranted'],
  keyOf: (event) => (event.type === 'RewardGranted' ? (event.payload as { grantId: string }).grantId : null),
  evolve: evolveRewardGrantRow,
};

/** Every read model reporting keeps, by name: what a replay rebuilds. */
export const REPORT_PROJECTIONS = Object.freeze({
  donations: donationsProjection,
  donorAggregates: donorAggregatesProjection,
  complianceCases: complianceCasesProjection,
  rewardGrants: rewardGrantsProjection,
});

/** Folds events (in ledger order) into rows by key, in memory: the as-of and replay path. */
export function foldProjection<Row>(projection: ReportProjection<Row>, events: Iterable<RecordedEvent>, rows: Map<string, Row> = new Map()): Map<string, Row> {
  for (const event of events) {
    if (!projection.eventTypes.includes(event.type)) continue;
    const key = projection.keyOf(event);
    if (key === null) continue;
    const next = projection.evolve(rows.get(key) ?? null, event);
    if (next === null) rows.delete(key);
    else rows.set(key, next);
  }
  return rows;
}

/*
 * Rows travel as JSON (the row column of each table, exports, replay digests). Money fields
 * are named `…Minor` and are bigint in code: they are written as decimal strings and read
 * back as bigint by name, so no other field is ever mistaken for money.
 */
export function rowToJson(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(10) : value));
}

export function rowFromJson<Row>(json: string): Row {
  return JSON.parse(json, (key, value: unknown) => (key.endsWith('Minor') && typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value)) as Row;
}
