import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One donor link (donor-link-row.ts) under its link id, as JSON, by committee: whom the FEC reports count as one contributor. */
@Entity({ name: 'report_donor_links' })
export class ReportDonorLinkEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Index() @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'jsonb' }) row: unknown;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
