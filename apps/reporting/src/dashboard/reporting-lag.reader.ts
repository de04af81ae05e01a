import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { reportingLag, worseLag, type ReportingLag } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { campaignTotalsProjection, ProjectionCheckpoint, reportDonations, type StoredProjection } from '#read-models';
import { READ_MODELS } from '#platform';

/** The projections the dashboard's figures come from: its lag is the worse of theirs. */
const DASHBOARD_PROJECTIONS: readonly StoredProjection[] = [campaignTotalsProjection, reportDonations.projection];

/** Unapplied events counted at most: past this the dashboard says "at least", and the read stays cheap. */
const READ_LIMIT = 1_000;

/** Partitions that are markers of the one-off backfill, not a live source. */
const isLivePartition = (partitionKey: string): boolean => !partitionKey.startsWith('ledger:backfill');

/**
 * Reads what reporting's lag is computed from: each projection's checkpoints (per source
 * partition), the ledger's head, and the events of its kinds recorded after its checkpoint.
 */
@Injectable()
export class ReportingLagReader {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
  ) {}

  async lag(now = new Date()): Promise<ReportingLag> {
    const head = await this.ledger.headPosition();
    const lags = await Promise.all(DASHBOARD_PROJECTIONS.map((projection) => this.lagOf(projection, head, now)));
    return lags.reduce(worseLag);
  }

  private async lagOf(projection: StoredProjection, head: number | null, now: Date): Promise<ReportingLag> {
    const rows = await this.readModels.getRepository(ProjectionCheckpoint).findBy({ projection: projection.name });
    const checkpoints = rows.filter((row) => isLivePartition(row.partitionKey)).map((row) => Number(row.position));
    const after = checkpoints.length === 0 ? null : Math.max(...checkpoints);
    const unapplied = await this.ledger.readAll({ after, maxCount: READ_LIMIT, filter: { eventTypes: [...projection.canHandle] } });
    return reportingLag({ checkpoints, head, unapplied, readLimit: READ_LIMIT, now });
  }
}
