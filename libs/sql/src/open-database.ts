import { join } from 'node:path';
import { EmbeddedDatabase } from './embedded-database.js';
import { PgDatabase } from './pg-database.js';
import type { SqlDatabase } from './sql-database.js';

/** `embedded` opens PGlite under `dataDir/<name>`; a postgres:// URL connects to a server. */
export async function openSqlDatabase(
  url: string,
  options: { dataDir: string; name: string; poolSize?: number; applicationName?: string; embeddedThread?: 'worker' | 'inline'; preparedStatements?: boolean },
): Promise<SqlDatabase> {
  if (url === 'embedded') return EmbeddedDatabase.open(join(options.dataDir, options.name), { thread: options.embeddedThread });
  if (url === 'embedded:memory') return EmbeddedDatabase.open('memory');
  const db = new PgDatabase({ url, poolSize: options.poolSize, applicationName: options.applicationName, preparedStatements: options.preparedStatements });
  await db.query('SELECT 1');
  return db;
}
