import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last ledger position a projection applied, per source partition; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' }) projection: string;
  @PrimaryColumn({ type: 'text', name: 'partition_key' }) partitionKey: string;
  @Column({ type: 'bigint' }) position: string;
}
