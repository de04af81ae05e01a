import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * API keys live in one schema every app shares (each app's read models have their own), so a
 * key issued once authenticates at intake, compliance, rewards and reporting alike.
 */
export const AUTH_SCHEMA = 'hustings_auth';

/** One API key: only the SHA-256 of the key is kept, never the key itself. */
@Entity({ name: 'api_keys', schema: AUTH_SCHEMA })
export class ApiKeyRow {
  @PrimaryColumn({ type: 'text', name: 'key_id' }) keyId: string;
  @Column({ type: 'text', name: 'key_hash' }) keyHash: string;
  @Column({ type: 'text', name: 'tenant_id' }) tenantId: string;
  @Column({ type: 'text', array: true }) roles: string[];
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
