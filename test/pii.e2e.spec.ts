import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DonationReceivedV4, RecordedEvent } from '#contracts';
import { LEDGER_STORE, verifyStreamChain, type LedgerStore } from '#ledger';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { EmbeddedDatabase } from '#sql';
import { createHustingsApp, loadConfig, READ_MODELS } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';

/**
 * Donors' personal data on the embedded platform (all four apps, PGlite, in-process bus),
 * over HTTP: sealed in the ledger, opened while the donor's key lives, unreadable everywhere
 * once it is erased, with totals and the hash chains untouched; and never in a log line.
 */

const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const CAMPAIGN = 'pii-camp';

type Json = Record<string, unknown>;

/** Everything the process writes to stdout, stderr or the console while the suite runs. */
class LogCapture {
  text = '';
  private readonly undo: (() => void)[] = [];

  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      this.undo.push(() => (stream.write = write));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.text += `${format(...args)}\n`;
        original.apply(console, args);
      };
      this.undo.push(() => (console[method] = original));
    }
  }

  stop(): void {
    this.undo.reverse().forEach((undo) => undo());
  }

  /** Which of the strings appear in the captured output, whatever their case. */
  leaked(strings: string[]): string[] {
    const haystack = this.text.toLowerCase();
    return strings.filter((s) => haystack.includes(s.toLowerCase()));
  }
}

/** Distinctive personal data: none of these strings may be stored in clear or logged. */
const ada = {
  type: 'individual',
  name: 'Zephyrine Quackenbush',
  address: { line1: '77 Obscurity Lane', line2: 'Flat 9', city: 'Nowhereville', region: 'NY', postalCode: '10999', country: 'US' },
  email: 'zephyrine.q@pii-e2e.example',
  occupation: 'Cartographer of Lost Rivers',
  employer: 'Quackenbush Mapping Guild',
};
const ADA_CLEAR = ['Zephyrine', 'Quackenbush', 'Obscurity Lane', 'Nowhereville', 'pii-e2e.example', 'Cartographer', 'Mapping Guild'];
const control = { type: 'individual', name: 'Cornelius Controlfield', address: { postalCode: '10998', country: 'US' }, email: 'cornelius@control.example' };
const LOGGED_CLEAR = ['Wilhelmina', 'Logsworth', 'leak-check.example', 'Leakproof Road', 'pi_LEAKCHECK'];

interface Reply {
  status: number;
  body: Json;
}

/** The one place HTTP calls leave from (so headers such as Authorization are added here). */
/** The admin key stored on first start. */
const ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

async function call(base: string, method: string, path: string, body?: unknown, options: { raw?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {};
  headers.authorization = `Bearer ${ADMIN_KEY}`;
  if (method === 'POST' && path.endsWith('/donations')) headers['idempotency-key'] = randomUUID();
  const response = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${deadlineMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}

async function allEvents(ledger: LedgerStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await ledger.readAll({ after: events.at(-1)?.position ?? null, maxCount: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
}

/** Every stream's hash chain, verified from its first event. */
function verifyChains(events: RecordedEvent[]): { streams: number; bad: unknown[] } {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  const verdicts = [...byStream.values()].map((stream) => verifyStreamChain(stream.sort((a, b) => a.revision - b.revision)));
  return { streams: byStream.size, bad: verdicts.filter((v) => !v.ok) };
}

/** Every row of every table in the given schemas of a PGlite store, as text. */
async function dumpTables(db: EmbeddedDatabase, schemas: string[]): Promise<string> {
  const { rows: tables } = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE'`,
    [schemas],
  );
  const dumps = await Promise.all(tables.map(async (t) => (await db.query<{ row: string }>(`SELECT t::text AS row FROM "${t.schema}"."${t.name}" t`)).rows.map((r) => r.row)));
  return dumps.flat().join('\n');
}

describe('donor personal data on the embedded platform', () => {
  const logs = new LogCapture();
  let dataDir: string;
  let app: INestApplication | null = null;
  let base: string;
  let ledger: LedgerStore;
  let vault: PersonalDataVault;
  const api = (method: string, path: string, body?: unknown, options?: { raw?: string }) => call(base, method, path, body, options);
  // Every donor attests citizenship, as an FEC form asks: without it compliance flags the donation.
  const donate = (donationId: string, amountMinor: number, donor: object, pspReference = `pi_${donationId}`) =>
    api('POST', `/v1/campaigns/${CAMPAIGN}/donations`, {
      donationId,
      amountMinor,
      currency: 'USD',
      donor: { ...donor, attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'card', pspReference },
    });
  const settled = (donationId: string) =>
    eventually(`donation ${donationId} decided`, async () => (await api('GET', `/v1/donations/${donationId}`)).body, (b) => !['received', undefined].includes(b.status as string));
  let erasedDonorId = '';
  const received = async (donationId: string): Promise<DonationReceivedV4> =>
    (await ledger.readStream(`donation-${donationId}`))[0].payload as DonationReceivedV4;

  beforeAll(async () => {
    logs.start();
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-pii-'));
    const config = loadConfig(
      {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        DONOR_ID_KEY: 'pii-e2e-donor-id-key-of-at-least-32-chars',
        HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
      },
      ['intake', 'compliance', 'rewards', 'reporting'],
    );
    app = await createHustingsApp(config, await appModules(config.apps));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    ledger = app.get<LedgerStore>(LEDGER_STORE);
    vault = app.get<PersonalDataVault>(PERSONAL_DATA_VAULT);
    const committee = await api('POST', '/v1/committees', {
      committeeId: 'pii-cmte',
      name: 'Privacy for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    });
    expect(committee.status).toBe(201);
    expect((await api('POST', '/v1/campaigns', { campaignId: CAMPAIGN, committeeId: 'pii-cmte', name: 'Private', currency: 'USD' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
    logs.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it(
    'seals each donation of a donor with their key: the ledger holds ciphertext, which opens to what they gave',
    async () => {
      expect((await donate('pii-ada-1', 200_000, ada)).status).toBe(202);
      expect((await donate('pii-ada-2', 100_000, { ...ada, name: '  ZEPHYRINE  quackenbush ' })).status).toBe(202);
      expect((await donate('pii-control', 5_000, control)).status).toBe(202);
      expect((await donate('pii-anonymous', 2_000, { type: 'individual', email: 'nobody@anon.example' })).status).toBe(202);
      for (const id of ['pii-ada-1', 'pii-ada-2', 'pii-control']) expect(await settled(id)).toMatchObject({ status: 'accepted' });
      await settled('pii-anonymous');

      const [first, second] = [await received('pii-ada-1'), await received('pii-ada-2')];
      expect(first.donor.donorId).toMatch(/^dn_[0-9a-f]{32}$/);
      expect(second.donor.donorId).toBe(first.donor.donorId);
      for (const event of [first, second]) {
        expect(event.donor.sealedPii).toMatch(/^pii1\.1\./);
        expect(event.payment.pspReference).toMatch(/^pi_pii-ada-/);
        expect(ADA_CLEAR.filter((clear) => JSON.stringify(event).toLowerCase().includes(clear.toLowerCase()))).toEqual([]);
      }
      const { type: _type, ...given } = ada;
      expect(await vault.open(first.donor.donorId, first.donor.sealedPii!)).toEqual({ status: 'open', data: given });
      expect(await vault.open(second.donor.donorId, second.donor.sealedPii!)).toMatchObject({ status: 'open', data: { name: 'ZEPHYRINE  quackenbush' } });
      expect((await received('pii-anonymous')).donor).toMatchObject({ donorId: expect.stringMatching(/^anonymous-/), sealedPii: null });
    },
    TEST_MS,
  );

  it(
    'logs no personal data and no payment reference, on success or on failure',
    async () => {
      const wilhelmina = {
        type: 'individual',
        name: 'Wilhelmina Logsworth',
        address: { line1: '99 Leakproof Road', postalCode: '10997', country: 'US' },
        email: 'wilhelmina@leak-check.example',
      };
      expect((await donate('pii-log-ok', 1_000, wilhelmina, 'pi_LEAKCHECK_ok')).status).toBe(202);
      expect(await settled('pii-log-ok')).toMatchObject({ status: 'accepted' });
      // Refused by the decider, by the input rules, and by the JSON parser.
      const unknownCampaign = await call(base, 'POST', '/v1/campaigns/no-such-campaign/donations', {
        amountMinor: 1_000, currency: 'USD', donor: wilhelmina, payment: { method: 'card', pspReference: 'pi_LEAKCHECK_404' },
      });
      expect(unknownCampaign.status).toBe(404);
      const badEmail = await donate('pii-log-bad', 1_000, { ...wilhelmina, email: 'wilhelmina logsworth@leak-check.example' }, 'pi_LEAKCHECK_400');
      expect(badEmail).toMatchObject({ status: 400, body: { code: 'invalid_request', field: 'donor.email' } });
      expect(JSON.stringify(badEmail.body)).not.toContain('Logsworth');
      const malformed = await api('POST', `/v1/campaigns/${CAMPAIGN}/donations`, undefined, { raw: '{"donor":{"name":"Wilhelmina Logsworth","email":"w@leak-check.example"},"pspReference":"pi_LEAKCHECK_json"' });
      expect(malformed.status).toBe(400);
      // A failure of ours: the key store is out of reach for a moment. It is logged, with its stack.
      const readModels = app!.get<DataSource>(READ_MODELS);
      await readModels.query('ALTER TABLE donor_keys.donor_keys RENAME TO donor_keys_away');
      try {
        const failed = await donate('pii-log-500', 1_000, { ...wilhelmina, name: 'Wilhelmina Logsworth-Failing' }, 'pi_LEAKCHECK_500');
        expect(failed).toMatchObject({ status: 500, body: { code: 'internal_error' } });
      } finally {
        await readModels.query('ALTER TABLE donor_keys.donor_keys_away RENAME TO donor_keys');
      }
      expect((await donate('pii-log-500', 1_000, { ...wilhelmina, name: 'Wilhelmina Logsworth-Failing' }, 'pi_LEAKCHECK_500')).status).toBe(202);

      // The capture did see the platform's logs, the failure's among them.
      expect(logs.text).toMatch(/donor_keys.* does not exist/);
      expect(logs.leaked([...LOGGED_CLEAR, ...ADA_CLEAR, 'pi_pii-ada-'])).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'erases a donor: every copy stops opening, the ledger stays as it was, totals and chains intact, and the donor is still matched',
    async () => {
      const donorId = (await received('pii-ada-1')).donor.donorId;
      erasedDonorId = donorId;
      const copies = [(await received('pii-ada-1')).donor.sealedPii!, (await received('pii-ada-2')).donor.sealedPii!];
      const mine = ['pii-ada-1', 'pii-ada-2', 'pii-control', 'pii-anonymous', 'pii-log-ok', 'pii-log-500'];
      const accepted = (await Promise.all(mine.map(settled))).reduce((sum, d) => sum + (d.acceptedAmountMinor as number), 0);
      expect(accepted).toBeGreaterThanOrEqual(307_000);
      const totals = await eventually('totals settled', async () => (await api('GET', `/v1/campaigns/${CAMPAIGN}/totals`)).body, (t) => t.raisedMinor === accepted);
      const before = await allEvents(ledger);

      expect((await api('DELETE', `/v1/donors/${donorId}/personal-data`)).status).toBe(204);
      expect((await api('DELETE', `/v1/donors/${donorId}/personal-data`)).status).toBe(204);
      expect((await api('DELETE', '/v1/donors/dn_00000000000000000000000000000000/personal-data')).body).toMatchObject({ status: 404, code: 'not_found' });
      expect((await api('DELETE', `/v1/donors/${(await received('pii-anonymous')).donor.donorId}/personal-data`)).status).toBe(404);
      expect((await api('DELETE', '/v1/donors/not-a-donor/personal-data')).status).toBe(404);

      for (const sealed of copies) expect(await vault.open(donorId, sealed)).toMatchObject({ status: 'erased' });
      const controlEvent = await received('pii-control');
      expect(await vault.open(controlEvent.donor.donorId, controlEvent.donor.sealedPii!)).toMatchObject({ status: 'open', data: { name: control.name } });

      // Nothing in the ledger changed: the same events, byte for byte, and every chain verifies.
      const after = await allEvents(ledger);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.filter((e) => e.metadata.donorId === donorId && e.position > (before.at(-1)?.position ?? 0))).toEqual([]);
      expect(verifyChains(after)).toEqual({ streams: expect.any(Number), bad: [] });
      expect((await api('GET', `/v1/campaigns/${CAMPAIGN}/totals`)).body).toEqual(totals);

      // The erased donor gives again: matched by the keyed hash, so the aggregate still counts
      // what they gave before ($3,000 of $3,500): of $1,000 only $500 fits. The new data has a new key.
      expect((await donate('pii-ada-3', 100_000, ada)).status).toBe(202);
      expect(await settled('pii-ada-3')).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 50_000 });
      const third = await received('pii-ada-3');
      expect(third.donor.donorId).toBe(donorId);
      expect(third.donor.sealedPii).toMatch(/^pii1\.2\./);
      expect(await vault.open(donorId, third.donor.sealedPii!)).toMatchObject({ status: 'open' });
      expect(await vault.open(donorId, copies[0])).toMatchObject({ status: 'erased' });
    },
    TEST_MS,
  );

  it(
    'leaves no personal data in clear in any stored table, and no wrapped key of an erased donor',
    async () => {
      await app!.close();
      app = null;
      const ledgerDb = await EmbeddedDatabase.open(join(dataDir, 'ledger'));
      const ledgerDump = await dumpTables(ledgerDb, ['ledger']).finally(() => ledgerDb.close());
      expect(ledgerDump).toContain('DonationReceived');
      expect(ledgerDump).toContain('pii1.');
      const readDb = await EmbeddedDatabase.open(join(dataDir, 'read-models'));
      const [readDump, keys] = await Promise.all([
        dumpTables(readDb, ['public', 'donor_keys']),
        readDb.query<{ generation: number; erased: boolean }>(
          'SELECT generation, wrapped_key IS NULL AS erased FROM donor_keys.donor_keys WHERE donor_id = $1 ORDER BY generation',
          [erasedDonorId],
        ),
      ]).finally(() => readDb.close());
      expect(keys.rows).toEqual([
        { generation: 1, erased: true },
        { generation: 2, erased: false },
      ]);
      expect(readDump).toContain(CAMPAIGN);
      for (const dump of [ledgerDump, readDump]) {
        expect(ADA_CLEAR.filter((clear) => dump.toLowerCase().includes(clear.toLowerCase()))).toEqual([]);
        expect(LOGGED_CLEAR.slice(0, 4).filter((clear) => dump.toLowerCase().includes(clear.toLowerCase()))).toEqual([]);
      }
      expect(logs.leaked([...LOGGED_CLEAR, ...ADA_CLEAR])).toEqual([]);
    },
    STARTUP_MS,
  );
});
