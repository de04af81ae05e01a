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
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
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

  it('carries the filings asked for, byte for byte as the report endpoint gives them, digested in the signed manifest', async () => {
    const fecQuery = 'filerCommitteeId=C00000042&treasurerName=Jane%20Doe&signedOn=2026-04-01';
    const asked = `from=2026-01-01&to=2026-04-01&${fecQuery}`;
    const reply = await apiAs(platform.url, key.auditor)('GET', `/v1/committees/cmte-audit/audit-export?${asked}&filing=fec-report`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const fec = await fetch(`${platform.url}/v1/committees/cmte-audit/reports/fec-report?${asked}&format=file`, { headers: { authorization: `Bearer ${key.auditor}` } });
    expect(fec.status).toBe(200);
    const name = /filename="([^"]+)"/.exec(fec.headers.get('content-disposition') ?? '')?.[1] ?? '';
    const files = reply.body.files as Record<string, string>;
    expect(files[`filing-${name}`]).toBe(await fec.text());
    const manifest = JSON.parse(files['manifest.json']) as { keyId: string; filings: Record<string, { sha256: string }> };
    expect(Object.keys(manifest.filings)).toEqual([name]);
    const file = join(work, 'with-filing.json');
    writeFileSync(file, JSON.stringify(reply.body));
    const run = spawnSync(process.execPath, [VERIFIER, '--key-id', manifest.keyId, file], { encoding: 'utf8' });
    expect(run.status).toBe(0);
  });

  it('refuses, as problem+json before any of the bundle is sent, a filing that is no report or lacks its parameters', async () => {
    for (const [query, detail] of [
      [`${PERIOD}&filing=tax-return`, 'filing tax-return is not a report'],
      [`${PERIOD}&filing=fec-report`, 'filerCommitteeId is required'],
      [`${PERIOD}&filing=ppera-quarterly&year=2026&quarter=1`, 'ppera-quarterly is filed by UK PPERA parties'],
    ] as const) {
      const reply = await apiAs(platform.url, key.auditor)('GET', `/v1/committees/cmte-audit/audit-export?${query}`);
      expect({ status: reply.status, type: reply.headers.get('content-type'), detail: reply.body.detail }).toEqual({ status: 400, type: expect.stringContaining('application/problem+json'), detail: expect.stringContaining(detail) });
    }
  });

  it('refuses other roles, hides other tenants\' committees and names a bad period', async () => {
    expect((await apiAs(platform.url, key.officer)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(403);
    expect((await apiAs(platform.url, null)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(401);
    expect((await apiAs(platform.url, key.otherAuditor)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`)).status).toBe(404);
    const backwards = await apiAs(platform.url, key.auditor)('GET', '/v1/committees/cmte-audit/audit-export?from=2026-02-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(String(backwards.body.detail)).toContain('from must be before to');
    expect(backwards.headers.get('content-type')).toContain('application/problem+json');
    for (const bad of ['from=2026-02-30&to=2026-03-01', 'from=yesterday&to=2026-03-01', 'to=2026-03-01']) {
      expect((await apiAs(platform.url, key.auditor)('GET', `/v1/committees/cmte-audit/audit-export?${bad}`)).status).toBe(400);
    }
    const admin = await apiAs(platform.url, TEST_ADMIN_KEY)('GET', `/v1/committees/cmte-audit/audit-export?${PERIOD}`);
    expect(admin.status).toBe(200);
  });
});
