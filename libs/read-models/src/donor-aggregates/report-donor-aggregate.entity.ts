import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row of the donor aggregates fold (donor-aggregate-row.ts), as JSON, by committee and donor. */
@Entity({ name: 'report_donor_aggregates' })
export class ReportDonorAggregateEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Index() @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'jsonb' }) row: unknown;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
