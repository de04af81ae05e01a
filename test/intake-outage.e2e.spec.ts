import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { donationStreamId } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { createHustingsApp, loadConfig } from '#platform';
import { IntakeModule } from '../apps/intake/src/intake.module.js';
import { apiAs, TEST_ADMIN_KEY } from './support/embedded.js';

/**
 * Intake on its own, its bus a Kafka broker that is not there (a port that accepts nothing):
 * it starts, answers ready (the bus reported down, not gating), takes donations into the
 * ledger, and /metrics answers within a second. The relay catches the broker up when it is
 * back; the fault suite (scripts/faults) shows that with a real broker stopped and restarted.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

/** A loopback port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('intake with the broker down', () => {
  let app: INestApplication;
  let dataDir: string;
  let url: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-outage-'));
    const config = loadConfig(
      {
        HUSTINGS_APPS: 'intake',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        BUS: 'kafka',
        KAFKA_BROKERS: `127.0.0.1:${await deadPort()}`,
        DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars',
        HUSTINGS_BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
      },
      ['intake'],
    );
    app = await createHustingsApp(config, [IntakeModule]);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it('answers ready, reporting the bus down without gating on it', async () => {
    const ready = await apiAs(url, null)('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'up', checks: { ledger: { status: 'up' }, database: { status: 'up' }, bus: { status: 'down', gatesReadiness: false } } });
  }, TEST_MS);

  it('takes a donation into the ledger', async () => {
    const admin = apiAs(url, TEST_ADMIN_KEY);
    const committee = { committeeId: 'out-cmte', name: 'Outage', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [{ electionId: 'g-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'g-2026' };
    expect((await admin('POST', '/v1/committees', committee)).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'out-spring', committeeId: 'out-cmte', name: 'Spring', currency: 'USD' })).status).toBe(201);
    const body = { donationId: 'out-d1', amountMinor: 2_500, currency: 'USD', donor: { type: 'individual', name: 'Olive Outage', address: { postalCode: '10001' } }, payment: { method: 'card', pspReference: 'ch_out' } };
    const reply = await admin('POST', '/v1/campaigns/out-spring/donations', body, { 'idempotency-key': randomUUID() });
    expect(reply.status).toBe(202);
    const ledger = app.get<LedgerStore>(LEDGER_STORE);
    expect((await ledger.readStream(donationStreamId('out-d1'))).map((e) => e.type)).toEqual(['DonationReceived']);
  }, TEST_MS);

  it('serves /metrics within a second, several scrapes in a row', async () => {
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      await response.text();
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  }, TEST_MS);
});
