import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent, Topic } from '#contracts';
import {
  countedOf,
  REPORT_PROJECTIONS,
  rowFromJson,
  rowToJson,
  type ComplianceCaseRow,
  type DonationRow,
  type DonorAggregateRow,
  type ReportProjection,
  type RewardGrantRow,
} from '#domain';
import type { Projection } from '../typeorm/projection-runner.js';
import { ReportComplianceCaseEntity, ReportDonationEntity, ReportDonorAggregateEntity, ReportRewardGrantEntity } from './report-row.entities.js';

type RowEntity = typeof ReportDonationEntity | typeof ReportDonorAggregateEntity | typeof ReportComplianceCaseEntity | typeof ReportRewardGrantEntity;

/** A pure fold stored in one table: the columns beside the row that reports select by. */
export interface StoredReportProjection<Row> {
  readonly definition: ReportProjection<Row>;
  readonly entity: RowEntity;
  readonly topics: readonly Topic[];
  columnsOf(row: Row): Record<string, string | null>;
  /** The runner's view of it: one row's evolve per event, inside the runner's transaction. */
  readonly projection: Projection;
}

/**
 * Applies `evolve(row | null, event)` to the event's row: read under a row lock, folded, written
 * back with one upsert. The runner holds the checkpoint in the same transaction, and each row
 * remembers its last position, so a replayed event changes nothing. A row is touched only by
 * facts of its own key, which share a bus partition (committee+donor), so locks never queue long.
 */
function stored<Row>(definition: ReportProjection<Row>, entity: RowEntity, columnsOf: (row: Row) => Record<string, string | null>): StoredReportProjection<Row> {
  const projection: Projection = {
    name: definition.name,
    eventTypes: definition.eventTypes,
    async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
      const key = definition.keyOf(event);
      if (key === null) return;
      const table = manager.connection.getMetadata(entity).tablePath;
      const [current] = (await manager.query(`SELECT row::text AS row FROM ${table} WHERE key = $1 FOR UPDATE`, [key])) as { row: string }[];
      const before = current ? rowFromJson<Row>(current.row) : null;
      const after = definition.evolve(before, event);
      if (after === before || after === null) return;
      const columns = { ...columnsOf(after), row: rowToJson(after), last_position: String(event.position) };
      const names = Object.keys(columns);
      await manager.query(
        `INSERT INTO ${table} (key, ${names.join(', ')}) VALUES ($1, ${names.map((n, i) => (n === 'row' ? `$${i + 2}::jsonb` : `$${i + 2}`)).join(', ')})
         ON CONFLICT (key) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`,
        [key, ...Object.values(columns)],
      );
    },
  };
  return { definition, entity, topics: definition.topics, columnsOf, projection };
}

export const reportDonations = stored<DonationRow>(REPORT_PROJECTIONS.donations, ReportDonationEntity, (r) => ({
  committee_id: r.committeeId,
  campaign_id: r.campaignId,
  donor_id: r.donorId,
  received_at: r.receivedAt,
  status: r.status,
  election_id: r.electionId ?? r.allocations[0]?.electionId ?? null,
  counted_minor: countedOf(r).countedMinor.toString(),
  itemized: r.itemized === null ? null : String(r.itemized),
}));
export const reportDonorAggregates = stored<DonorAggregateRow>(REPORT_PROJECTIONS.donorAggregates, ReportDonorAggregateEntity, (r) => ({ committee_id: r.committeeId, donor_id: r.donorId }));
export const reportComplianceCases = stored<ComplianceCaseRow>(REPORT_PROJECTIONS.complianceCases, ReportComplianceCaseEntity, (r) => ({ committee_id: r.committeeId }));
export const reportRewardGrants = stored<RewardGrantRow>(REPORT_PROJECTIONS.rewardGrants, ReportRewardGrantEntity, (r) => ({ committee_id: r.committeeId, campaign_id: r.campaignId }));

/**
 * Every read model reporting stores: name, table, pure definition (evolve), topics. A replay
 * rebuilds each from position 0 through `projection`, or folds `definition` in memory.
 */
export const REPORTING_READ_MODELS = Object.freeze([reportDonations, reportDonorAggregates, reportComplianceCases, reportRewardGrants]);

/** Reads the rows of one read model of a committee (or of a campaign, for donations). */
export async function readReportRows<Row>(dataSource: DataSource | EntityManager, model: StoredReportProjection<Row>, where: { committeeId?: string; campaignId?: string }): Promise<Row[]> {
  const manager = 'manager' in dataSource ? dataSource.manager : dataSource;
  const table = manager.connection.getMetadata(model.entity).tablePath;
  const [column, value] = where.campaignId !== undefined ? ['campaign_id', where.campaignId] : ['committee_id', where.committeeId ?? ''];
  const rows = (await manager.query(`SELECT row::text AS row FROM ${table} WHERE ${column} = $1 ORDER BY key`, [value])) as { row: string }[];
  return rows.map((r) => rowFromJson<Row>(r.row));
}
