import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One data key of one donor, wrapped by the master key of `masterKeyVersion`. Erasure sets
 * `wrappedKey` to null for good; a donor who gives again after that gets a new generation.
 * This table is outside the ledger on purpose: the ledger never forgets, this table must.
 */
@Entity({ name: 'donor_keys' })
export class DonorKeyRow {
  @PrimaryColumn({ type: 'text', name: 'donor_id' }) donorId: string;
  @PrimaryColumn({ type: 'integer' }) generation: number;
  /** The tenant (party) whose donor this is: only it may erase the key. */
  @Column({ type: 'text', name: 'tenant_id' }) tenantId: string;
  @Column({ type: 'text', name: 'wrapped_key', nullable: true }) wrappedKey: string | null;
  @Column({ type: 'integer', name: 'master_key_version' }) masterKeyVersion: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true }) erasedAt: Date | null;
}
