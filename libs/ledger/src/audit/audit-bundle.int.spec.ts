import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { NewEvent, RecordedEvent } from '#contracts';
import { EmbeddedDatabase } from '#sql';
import { canonicalJson } from '../canonical-json.js';
import { hashEvent } from '../hash-chain.js';
import type { LedgerStore } from '../ledger-store.port.js';
import { LedgerSealer } from '../seal/sealer.js';
import { sealingKeyFrom, type SealingKey } from '../seal/seal.js';
import { SqlLedgerStore } from '../sql/sql-ledger-store.js';
import type { BundleFiles } from './bundle.js';
import { exportAuditBundle, streamAuditBundle } from './export.js';
import { directorySink, jsonSink } from './sinks.js';

const VERIFIER = fileURLToPath(new URL('../../../../scripts/verify-audit-bundle.mjs', import.meta.url));
const PERIOD = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
const work = mkdtempSync(join(tmpdir(), 'hustings-audit-'));
let counter = 0;
let bundles = 0;

function newKey(): SealingKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return sealingKeyFrom(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

function fact(committeeId: string, n: number): NewEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    type: 'DonationReceived',
    version: 2,
    payload: { amountMinor: String(1000 + n), currency: 'USD', note: 'contract' },
    metadata: { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: `c-${n}`, causationId: `c-${n}`, committeeId },
  };
}

/** Committee A's streams interleaved with committee B's, sealed in small ranges. */
async function populate(ledger: LedgerStore, key: SealingKey): Promise<void> {
  const plan: Array<[string, string]> = [
    ['donation-a1', 'A'], ['donation-b1', 'B'], ['donation-a1', 'A'], ['donation-a2', 'A'],
    ['donation-b1', 'B'], ['donation-a1', 'A'], ['donation-b2', 'B'], ['donation-a2', 'A'],
    ['donation-a3', 'A'], ['donation-b2', 'B'], ['donation-a1', 'A'],
  ];
  for (const [index, [stream, committee]] of plan.entries()) {
    await ledger.append(stream, [fact(committee, index)], 'any');
    if (index % 4 === 3) await new LedgerSealer(ledger, key, () => new Date(), 3).sealToHead();
  }
}

function writeBundle(files: BundleFiles): string {
  const dir = join(work, `bundle-${++bundles}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

function verify(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}`.trim() };
}

const eventsOf = (files: BundleFiles): RecordedEvent[] =>
  files['events.ndjson'].trim().split('\n').map((line) => JSON.parse(line) as RecordedEvent);
const withEvents = (files: BundleFiles, events: unknown[]): BundleFiles => ({
  ...files,
  'events.ndjson': events.map((event) => `${canonicalJson(event)}\n`).join(''),
});
const named = (event: RecordedEvent): string => `position=${event.position} stream=${event.streamId} eventId=${event.eventId}`;

describe('audit bundle and its verifier (PGlite ledger)', () => {
  let db: EmbeddedDatabase;
  let ledger: SqlLedgerStore;
  let key: SealingKey;
  let bundle: BundleFiles;
  let events: RecordedEvent[];

  beforeAll(async () => {
    db = await EmbeddedDatabase.open(join(work, 'ledger'));
    ledger = await SqlLedgerStore.open(db);
    key = newKey();
    await populate(ledger, key);
    bundle = await exportAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD });
    events = eventsOf(bundle);
  }, 60_000);

  afterAll(async () => {
    await ledger.close();
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports only the committee\'s events, proved against seals that also cover other committees', () => {
    expect(events).toHaveLength(7);
    expect(new Set(events.map((e) => e.metadata.committeeId))).toEqual(new Set(['A']));
    const seals = bundle['seals.ndjson'].trim().split('\n').map((line) => JSON.parse(line) as { leafCount: number });
    expect(seals.length).toBeGreaterThan(2);
    expect(bundle['events.ndjson']).not.toContain('"committeeId":"B"');
    const result = verify(writeBundle(bundle));
    expect(result).toEqual({ status: 0, out: expect.stringMatching(/^OK .*committee A, 7 events in 3 streams/) });
  });

  it('streams the same bundle into a directory (the CLI) and as one JSON document (the endpoint), both verified as they are', async () => {
    const frozen = () => new Date('2026-12-01T00:00:00.000Z');
    const dir = join(work, `streamed-${++bundles}`);
    mkdirSync(dir);
    await streamAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD }, directorySink(dir), frozen);
    expect(verify(dir)).toEqual({ status: 0, out: expect.stringMatching(/committee A, 7 events/) });
    const chunks: string[] = [];
    const out = new Writable({ highWaterMark: 64, write: (chunk: Buffer, _encoding, done) => { chunks.push(chunk.toString('utf8')); setImmediate(done); } });
    await streamAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD }, jsonSink(out), frozen);
    const file = join(work, `streamed-${++bundles}.json`);
    writeFileSync(file, chunks.join(''));
    expect(verify(file).status).toBe(0);
    const inMemory = await exportAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD }, frozen);
    expect((JSON.parse(chunks.join('')) as { files: BundleFiles }).files).toEqual(inMemory);
  });

  it('names the event whose content was changed by one byte', () => {
    const target = events[3];
    const text = bundle['events.ndjson'].replace(`"amountMinor":"${(target.payload as { amountMinor: string }).amountMinor}"`, '"amountMinor":"9999"');
    const result = verify(writeBundle({ ...bundle, 'events.ndjson': text }));
    expect(result.status).toBe(1);
    expect(result.out).toContain(named(target));
    expect(result.out).toContain('does not match its hash');
  });

  it('names the next event of the stream when one in the middle is deleted', () => {
    const deleted = events.findIndex((e) => e.streamId === 'donation-a1' && e.revision === 1);
    const next = events.find((e) => e.streamId === 'donation-a1' && e.revision === 2)!;
    const result = verify(writeBundle(withEvents(bundle, events.filter((_, i) => i !== deleted))));
    expect(result.status).toBe(1);
    expect(result.out).toContain(named(next));
    expect(result.out).toMatch(/revision 2 where 1 was expected/);
  });

  it('names the deleted event itself when it was the last of its stream', () => {
    const last = events[events.length - 1];
    const result = verify(writeBundle(withEvents(bundle, events.slice(0, -1))));
    expect(result.status).toBe(1);
    expect(result.out).toContain(named(last));
    expect(result.out).toContain('deleted');
  });

  it('names an inserted event, even one whose hash and chain link were forged correctly', () => {
    const head = events.filter((e) => e.streamId === 'donation-a2').at(-1)!;
    const forged = { ...head, eventId: '00000000-0000-4000-8000-999999999999', revision: head.revision + 1, prevHash: head.hash, position: head.position + 1 };
    const sealed = { ...forged, hash: hashEvent(forged) };
    const at = events.indexOf(head) + 1;
    const tampered = [...events.slice(0, at), sealed, ...events.slice(at).map((e) => ({ ...e }))];
    const result = verify(writeBundle(withEvents(bundle, tampered)));
    expect(result.status).toBe(1);
    expect(result.out).toContain(named(sealed));
    expect(result.out).toContain('inclusion proof');
  });

  it('names the event found out of place when two events are swapped', () => {
    const sameStream = [events.findIndex((e) => e.streamId === 'donation-a1' && e.revision === 2), events.findIndex((e) => e.streamId === 'donation-a1' && e.revision === 3)];
    const otherStreams = [1, 2];
    expect(events[otherStreams[0]].streamId).not.toBe(events[otherStreams[1]].streamId);
    for (const [i, j] of [sameStream, otherStreams]) {
      const swapped = [...events];
      [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
      const result = verify(writeBundle(withEvents(bundle, swapped)));
      expect(result.status).toBe(1);
      const expected = events[i].streamId === events[j].streamId ? swapped[i] : swapped[j];
      expect(result.out).toContain(named(expected));
    }
  });

  it('names the seal whose root was altered', () => {
    const lines = bundle['seals.ndjson'].trim().split('\n');
    const seal = JSON.parse(lines[1]) as { sequence: number; root: string };
    lines[1] = canonicalJson({ ...seal, root: seal.root.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
    const result = verify(writeBundle({ ...bundle, 'seals.ndjson': `${lines.join('\n')}\n` }));
    expect(result).toEqual({ status: 1, out: expect.stringContaining(`seal #${seal.sequence}: signature does not verify`) });
  });

  it('refuses a bundle whose public key was swapped, and a key other than the one pinned', () => {
    const other = newKey();
    expect(verify(writeBundle({ ...bundle, 'public-key.pem': other.publicKeyPem })).out).toMatch(/^FAIL .*public-key.pem is key/);
    expect(verify('--key-id', other.keyId, writeBundle(bundle))).toEqual({ status: 1, out: expect.stringContaining('is not the key you expected') });
    expect(verify('--key-id', key.keyId, writeBundle(bundle)).status).toBe(0);
  });

  it('names the file changed behind the checks that read it, and an edited manifest', () => {
    const chains = bundle['chains.json'].replace('\n}', ' \n}');
    expect(verify(writeBundle({ ...bundle, 'chains.json': chains })).out).toContain('chains.json: its SHA-256 does not match');
    const manifest = bundle['manifest.json'].replace('"eventCount": 7', '"eventCount": 6');
    expect(verify(writeBundle({ ...bundle, 'manifest.json': manifest })).out).toContain('manifest.json: signature does not verify');
  });

  it('carries filings with their digests in the signed manifest, and names a filing changed, added or removed', async () => {
    const filings = { 'C00123456_F3N_20260101_20260331.fec': 'HDR\x1cFEC\x1c8.3\n', 'cmte_donations_Q1_2026.csv': 'ReportingPeriodName\r\nQ1 2026\r\n' };
    const withFilings = await exportAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD, filings });
    expect(withFilings['filing-C00123456_F3N_20260101_20260331.fec']).toBe(filings['C00123456_F3N_20260101_20260331.fec']);
    const manifest = JSON.parse(withFilings['manifest.json']) as { filings: Record<string, { sha256: string; bytes: number }> };
    expect(manifest.filings['cmte_donations_Q1_2026.csv']).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: 30 });
    expect(verify(writeBundle(withFilings)).status).toBe(0);
    const changed = { ...withFilings, 'filing-cmte_donations_Q1_2026.csv': 'ReportingPeriodName\r\nQ2 2026\r\n' };
    expect(verify(writeBundle(changed)).out).toContain('filing-cmte_donations_Q1_2026.csv: its SHA-256 does not match manifest.json');
    expect(verify(writeBundle({ ...bundle, 'filing-extra.fec': 'HDR' })).out).toContain('filing-extra.fec: not listed in manifest.json');
    const { 'filing-cmte_donations_Q1_2026.csv': _removed, ...without } = withFilings;
    expect(verify(writeBundle(without)).out).toContain('filing-cmte_donations_Q1_2026.csv: missing');
    expect(Object.keys(bundle).some((name) => name.startsWith('filing-'))).toBe(false);
  });

  it('accepts a later bundle that extends the earlier, and refuses one that rewrites it', async () => {
    await ledger.append('donation-a3', [fact('A', 50)], 'any');
    await ledger.append('donation-b9', [fact('B', 51)], 'any');
    const later = await exportAuditBundle(ledger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD });
    expect(eventsOf(later)).toHaveLength(8);
    const earlierDir = writeBundle(bundle);
    expect(verify(earlierDir, writeBundle(later))).toEqual({ status: 0, out: expect.stringContaining('extends') });
    expect(verify(writeBundle(later), earlierDir).status).toBe(1);

    // Someone holding the key rebuilds the ledger with one donation changed and re-seals it all.
    const forgedDb = await EmbeddedDatabase.open('memory');
    const forgedLedger = await SqlLedgerStore.open(forgedDb);
    counter = 0;
    await populate(forgedLedger, key);
    const rewritten = await exportAuditBundle(forgedLedger, key, { committeeId: 'A', tenantId: 't1', ...PERIOD });
    await forgedLedger.close();
    await forgedDb.close();
    const alone = verify(writeBundle(rewritten));
    expect(alone.status).toBe(0);
    const result = verify(earlierDir, writeBundle(rewritten));
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/seal #0: differs between the bundles|history was rewritten/);
  }, 60_000);
});
