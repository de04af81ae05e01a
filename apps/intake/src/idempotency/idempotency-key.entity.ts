import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One Idempotency-Key of one tenant: the first request's fingerprint and, once done, its response. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'text' }) tenant: string;
  @PrimaryColumn({ type: 'text', name: 'idem_key' }) key: string;
  @Column({ type: 'text' }) fingerprint: string;
  @Column({ type: 'text' }) state: 'in_flight' | 'completed';
  @Column({ type: 'timestamptz', name: 'locked_until' }) lockedUntil: Date;
  @Column({ type: 'jsonb', nullable: true }) response: unknown;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
}
