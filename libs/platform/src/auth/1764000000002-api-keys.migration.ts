import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTH_SCHEMA } from './api-key.entity.js';

/**
 * Every app runs this in its own migrations table, so it must tolerate finding the table made
 * by another app, and two apps starting at once: an advisory lock orders them.
 */
export class ApiKeys1764000000002 implements MigrationInterface {
  name = 'ApiKeys1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(7123450002)`);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${AUTH_SCHEMA}"`);
    await runner.query(`CREATE TABLE IF NOT EXISTS "${AUTH_SCHEMA}"."api_keys" (
      key_id text PRIMARY KEY, key_hash text NOT NULL UNIQUE, tenant_id text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0), label text NOT NULL,
      created_at timestamptz NOT NULL, revoked_at timestamptz)`);
  }

  /** Shared by every app: one app rolling back must not take the others' keys away. */
  async down(): Promise<void> {}
}
