import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One donation's compliance case (compliance-case-row.ts), as JSON, by committee. */
@Entity({ name: 'report_compliance_cases' })
export class ReportComplianceCaseEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Index() @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'jsonb' }) row: unknown;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
