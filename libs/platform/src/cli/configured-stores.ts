import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HustingsConfig } from '../config.js';

/** A tool asked to work on stores that are not there: exit non-zero, one line saying what to set. */
export class NothingToWorkOn extends Error {}

/**
 * A command-line tool reads a ledger that exists: LEDGER_SQL_URL or EVENTSTORE_URL, or the
 * embedded one the platform keeps under DATA_DIR. Opening the embedded store where there is
 * none would create an empty ledger and answer about nothing, as if all were well.
 */
export function requireConfiguredLedger(config: HustingsConfig): void {
  if (config.ledger !== 'sql' || config.ledgerSqlUrl !== 'embedded') return;
  const where = join(config.dataDir, 'ledger');
  if (!existsSync(where)) {
    throw new NothingToWorkOn(`no ledger configured: set LEDGER_SQL_URL (or LEDGER=eventstore with EVENTSTORE_URL), or DATA_DIR to where the embedded platform keeps its data (${where} does not exist)`);
  }
}

/** Likewise for the read-model database (API keys live there too): DATABASE_URL, or the embedded one under DATA_DIR. */
export function requireConfiguredDatabase(config: HustingsConfig): void {
  if (config.databaseUrl !== 'embedded') return;
  const where = join(config.dataDir, 'read-models');
  if (!existsSync(where)) {
    throw new NothingToWorkOn(`no database configured: set DATABASE_URL, or DATA_DIR to where the embedded platform keeps its data (${where} does not exist)`);
  }
}
