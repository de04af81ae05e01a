import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ApiKeyStore } from './api-key-store.js';
import type { HustingsConfig } from '../config.js';

export const EMBEDDED_ADMIN_KEY_FILE = 'admin.key';

/**
 * Makes sure somebody can call the API after a first start:
 * - HUSTINGS_BOOTSTRAP_ADMIN_KEY set: stored as the admin key of HUSTINGS_BOOTSTRAP_TENANT,
 *   once (a later start neither duplicates nor revives it);
 * - the embedded default with no key at all: an admin key is issued and written to
 *   DATA_DIR/admin.key (mode 0600), never to the log;
 * - otherwise, with no keys: a warning says how to make one.
 */
export async function ensureApiKeys(config: HustingsConfig, readModels: DataSource): Promise<void> {
  const logger = new Logger('Auth');
  const keys = new ApiKeyStore(readModels);
  const { bootstrapAdminKey, bootstrapTenant } = config.auth;
  if (bootstrapAdminKey) {
    const outcome = await keys.bootstrapAdmin(bootstrapAdminKey, bootstrapTenant);
    if (outcome === 'created') logger.log(`bootstrap admin key stored for tenant ${bootstrapTenant}`);
    return;
  }
  if ((await keys.count()) > 0) return;
  if (config.databaseUrl === 'embedded') {
    const issued = await keys.issue(bootstrapTenant, ['admin'], 'embedded first start');
    await mkdir(config.dataDir, { recursive: true });
    const file = join(config.dataDir, EMBEDDED_ADMIN_KEY_FILE);
    await writeFile(file, `${issued.key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    logger.log(`first start: an admin key of tenant ${bootstrapTenant} was written to ${file}`);
    return;
  }
  logger.warn('no API keys exist: set HUSTINGS_BOOTSTRAP_ADMIN_KEY or issue one with `npm run keys -- issue`');
}
