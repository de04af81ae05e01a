import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createHustingsApp, loadConfig } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';
import { apiAs, eventually } from './support/embedded.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The embedded platform at LOG_LEVEL=debug, every route it serves called once with personal
 * data in the body and keys in the headers, a donation decided end to end: every line written
 * is one JSON object with level, time and app; every request has its access line; and no
 * personal data, API key, master key, donor-id key, webhook or seal secret appears in any line.
 */

const ADMIN_KEY = `e2e-logs-admin-${randomBytes(16).toString('hex')}`;
const SECRETS = {
  DONOR_ID_KEY: `donor-id-key-${randomBytes(16).toString('hex')}`,
  HUSTINGS_WEBHOOK_SECRET: `webhook-secret-${randomBytes(16).toString('hex')}`,
  PII_MASTER_KEY: randomBytes(32).toString('base64'),
  HUSTINGS_SEAL_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
};
const donor = {
  type: 'individual',
  name: 'Perpetua Loggerhead',
  address: { line1: '12 Traceless Row', city: 'Quietborough', region: 'NY', postalCode: '10997', country: 'US' },
  email: 'perpetua@log-leak.example',
  occupation: 'Lighthouse Keeper of Secrets',
  employer: 'Loggerhead Beacons',
  attestations: { usCitizenOrPermanentResident: true },
};
const PERSONAL = ['Perpetua', 'Loggerhead', 'Traceless Row', 'Quietborough', 'log-leak.example', 'Lighthouse Keeper', 'pi_LOGLEAK'];
const ANSI = '\u001b[';

/** Every write to stdout (where the logger writes) and to stderr (where nothing of ours should) while the suite runs. */
function captureOutput(): { stdout: () => string; all: () => string; restore: () => void } {
  const chunks: { stream: 'out' | 'err'; text: string }[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  for (const [name, stream] of [['out', process.stdout], ['err', process.stderr]] as const) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push({ stream: name, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  return {
    stdout: () => chunks.filter((c) => c.stream === 'out').map((c) => c.text).join(''),
    all: () => chunks.map((c) => c.text).join(''),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

interface Route {
  method: string;
  path: string;
}

/** The routes Express holds for the app, as Nest mapped them. */
function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })));
}

/** A route's path with every parameter filled in by a plausible id. */
const filled = (path: string): string => path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'committeeId' ? 'logs-cmte' : name === 'campaignId' ? 'logs-camp' : `logs-${name.toLowerCase()}`));

describe('structured logs on the embedded platform', () => {
  const output = captureOutput();
  let app: INestApplication;
  let dataDir: string;
  let base: string;
  let requests = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-logs-'));
    const config = loadConfig(
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY, ...SECRETS },
      ['intake', 'compliance', 'rewards', 'reporting'],
    );
    app = await createHustingsApp(config, await appModules(config.apps));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    output.restore();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('given every route called with personal data and keys, then every line is JSON with its fields, one access line per request, and nothing personal or secret', async () => {
    const api = apiAs(base, ADMIN_KEY);
    const call = async (...args: Parameters<typeof api>) => {
      requests += 1;
      return api(...args);
    };
    expect(
      (
        await call('POST', '/v1/committees', {
          committeeId: 'logs-cmte',
          name: 'Logs for Congress',
          jurisdiction: 'US-FEC-CANDIDATE',
          currency: 'USD',
          elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
          defaultElectionId: 'general-2026',
        })
      ).status,
    ).toBe(201);
    expect((await call('POST', '/v1/campaigns', { campaignId: 'logs-camp', committeeId: 'logs-cmte', name: 'Logs', currency: 'USD' })).status).toBe(201);
    const donation = { donationId: 'logs-don-1', amountMinor: 2_500, currency: 'USD', donor, payment: { method: 'card', pspReference: 'pi_LOGLEAK_1' } };
    expect((await call('POST', '/v1/campaigns/logs-camp/donations', donation, { 'idempotency-key': randomUUID(), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).status).toBe(202);
    await eventually('the donation decided', async () => (await api('GET', '/v1/donations/logs-don-1')).body.status, (s) => s === 'accepted');

    const issued = await call('POST', '/v1/api-keys', { tenantId: 'default', roles: ['intake'] });
    const issuedKey = typeof issued.body.key === 'string' ? issued.body.key : null;

    const body = JSON.stringify({ donor, payment: { method: 'card', pspReference: 'pi_LOGLEAK_2' }, email: donor.email, name: donor.name });
    const signature = `t=${Math.floor(Date.now() / 1000)},v1=${createHmac('sha256', SECRETS.HUSTINGS_WEBHOOK_SECRET).update(body).digest('hex')}`;
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const headers: Record<string, string> = { 'idempotency-key': randomUUID(), 'hustings-signature': signature, 'x-api-key': ADMIN_KEY };
      const response = await fetch(`${base}${filled(route.path)}?email=${encodeURIComponent(donor.email)}`, {
        method: route.method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }), ...headers },
        body: route.method === 'GET' || route.method === 'DELETE' ? undefined : body,
      });
      // An event stream never ends by itself: its first event is enough, then the client leaves.
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        const reader = response.body!.getReader();
        await reader.read();
        await reader.cancel();
      } else await response.arrayBuffer();
      requests += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    const text = output.stdout();
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line.slice(0, 200)}`);
      }
    });
    for (const line of parsed) expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), app: 'intake+compliance+rewards+reporting', msg: expect.any(String) });
    expect(text).not.toContain(ANSI);

    const access = parsed.filter((line) => line.context === 'http' && line.msg === 'request');
    expect(access.length).toBeGreaterThanOrEqual(requests);
    for (const line of access) expect(line).toMatchObject({ method: expect.any(String), route: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number), requestId: expect.any(String) });
    expect(access.find((line) => line.route === '/v1/campaigns/:campaignId/donations' && line.status === 202)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', tenant: 'default' });
    const routesLogged = new Set(access.map((line) => `${line.method as string} ${line.route as string}`));
    expect(routes.filter((route) => !routesLogged.has(`${route.method} ${route.path}`))).toEqual([]);

    const secrets = [ADMIN_KEY, ...Object.values(SECRETS), ...(issuedKey ? [issuedKey, issuedKey.split('_').at(-1)!] : [])];
    const everything = output.all();
    const haystack = everything.toLowerCase();
    expect(PERSONAL.filter((clear) => haystack.includes(clear.toLowerCase()))).toEqual([]);
    expect(secrets.filter((secret) => everything.includes(secret)).map((secret) => `${secret.slice(0, 6)}…`)).toEqual([]);
  }, 120_000);
});
