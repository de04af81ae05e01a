import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

const VERIFIER = fileURLToPath(new URL('../scripts/verify-audit-bundle.mjs', import.meta.url));
const PERIOD = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

describe('audit export over HTTP', () => {
  let platform: EmbeddedPlatform;
  const work = mkdtempSync(join(tmpdir(), 'hustings-audit-e2e-'));
  const key: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_SEAL_INTERVAL_MS: '0' });
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    for (const [name, tenant, role] of [['auditor', 'default', 'auditor'], ['officer', 'default', 'officer'], ['otherAuditor', 'other', 'auditor']] as const) {
      key[name] = (await keys.issue(tenant, [role], `e2e ${name}`)).key;
    }
    const registered = await apiAs(platform.url, TEST_ADMIN_KEY)('POST', '/v1/committees', {
      committeeId: 'cmte-audit',
      name: 'Committee audit',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'general-2026',
    });
    expect(registered.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('gives an auditor of the tenant a bundle the standalone verifier accepts as it is', async () => {
    const reply = await apiAs(platform.url, key.auditor)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`);
    expect(reply.status).toBe(200);
    const file = join(work, 'bundle.json');
    writeFileSync(file, JSON.stringify(reply.body));
    const manifest = JSON.parse((reply.body.files as Record<string, string>)['manifest.json']) as { keyId: string; eventCount: number; tenantId: string };
    expect(manifest).toMatchObject({ tenantId: 'default', eventCount: 1 });
    const run = spawnSync(process.execPath, [VERIFIER, '--key-id', manifest.keyId, file], { encoding: 'utf8' });
    expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: expect.stringContaining('committee cmte-audit, 1 events') });
  });

  it('refuses other roles, hides other tenants\' committees and names a bad period', async () => {
    expect((await apiAs(platform.url, key.officer)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(403);
    expect((await apiAs(platform.url, null)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(401);
    expect((await apiAs(platform.url, key.otherAuditor)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(404);
    const backwards = await apiAs(platform.url, key.auditor)('GET', '/v1/committees/cmte-audit/audit-export?from=2026-02-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(String(backwards.body.detail)).toContain('from must be before to');
  });
});
