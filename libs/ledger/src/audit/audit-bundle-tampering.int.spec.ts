import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '#contracts';
import { EmbeddedDatabase } from '#sql';
import { canonicalJson } from '../canonical-json.js';
import { hashEvent } from '../hash-chain.js';
import { LedgerSealer } from '../seal/sealer.js';
import { sealingKeyFrom, type SealingKey } from '../seal/seal.js';
import { SqlLedgerStore } from '../sql/sql-ledger-store.js';
import type { BundleFiles } from './bundle.js';
import { exportAuditBundle } from './export.js';

/**
 * Every single-event tampering of a bundle, at every place it can happen: each changed,
 * deleted, duplicated, inserted or moved event must fail the verifier, and the line it prints
 * must name the first event at which the bundle stops adding up.
 */
const VERIFIER = fileURLToPath(new URL('../../../../scripts/verify-audit-bundle.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hustings-tamper-'));
let bundles = 0;
let ids = 0;

const fact = (committeeId: string, n: number): NewEvent => ({
  eventId: `00000000-0000-4000-9000-${String(++ids).padStart(12, '0')}`,
  type: 'DonationReceived',
  version: 3,
  payload: { amountMinor: String(1000 + n), currency: 'USD' },
  metadata: { occurredAt: '2026-03-01T12:00:00.000Z', correlationId: `c-${n}`, causationId: `c-${n}`, committeeId },
});

function verify(files: BundleFiles, verifier = VERIFIER): { status: number | null; out: string } {
  const dir = join(work, `b${++bundles}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const run = spawnSync(process.execPath, [verifier, dir], { encoding: 'utf8', cwd: work });
  return { status: run.status, out: `${run.stdout}${run.stderr}`.trim() };
}

const named = (event: RecordedEvent): string => `position=${event.position} stream=${event.streamId} eventId=${event.eventId}`;
const withEvents = (files: BundleFiles, events: unknown[]): BundleFiles => ({ ...files, 'events.ndjson': events.map((e) => `${canonicalJson(e)}\n`).join('') });

describe('a bundle tampered with one event at a time', () => {
  let db: EmbeddedDatabase;
  let ledger: SqlLedgerStore;
  let key: SealingKey;
  let bundle: BundleFiles;
  let events: RecordedEvent[];
  /** The event after `event` in its stream, inside the bundle, if any. */
  const successor = (event: RecordedEvent) => events.find((e) => e.streamId === event.streamId && e.revision === event.revision + 1);

  beforeAll(async () => {
    db = await EmbeddedDatabase.open('memory');
    ledger = await SqlLedgerStore.open(db);
    key = sealingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const plan = ['x1', 'y1', 'x1', 'x2', 'y1', 'x3', 'x1', 'x2'];
    for (const [n, stream] of plan.entries()) {
      await ledger.append(`donation-${stream}`, [fact(stream.startsWith('x') ? 'X' : 'Y', n)], 'any');
      if (n % 3 === 2) await new LedgerSealer(ledger, key, () => new Date(), 2).sealToHead();
    }
    bundle = await exportAuditBundle(ledger, key, { committeeId: 'X', tenantId: 't', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
    events = bundle['events.ndjson'].trim().split('\n').map((line) => JSON.parse(line) as RecordedEvent);
    expect(events).toHaveLength(6);
    expect(verify(bundle).status).toBe(0);
  });

  afterAll(async () => {
    await ledger.close();
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  const each = (check: (index: number) => void) => () => events.forEach((_, index) => check(index));
  const expectNamed = (result: { status: number | null; out: string }, event: RecordedEvent, because: RegExp) => {
    expect(result.status).toBe(1);
    expect(result.out).toContain(named(event));
    expect(result.out).toMatch(because);
  };

  it('changed payload, metadata, recording instant, type or id: names that event as altered', each((index) => {
    const changes: ((e: RecordedEvent) => RecordedEvent)[] = [
      (e) => ({ ...e, payload: { ...(e.payload as object), amountMinor: '1' } }),
      (e) => ({ ...e, metadata: { ...e.metadata, occurredAt: '2026-03-02T12:00:00.000Z' } }),
      (e) => ({ ...e, recordedAt: new Date(Date.parse(e.recordedAt) - 1).toISOString() }),
      (e) => ({ ...e, type: 'DonationRefunded' }),
      (e) => ({ ...e, eventId: '00000000-0000-4000-9000-999999999999' }),
    ];
    for (const change of changes) {
      const tampered = events.map((e, i) => (i === index ? change(e) : e));
      const result = verify(withEvents(bundle, tampered));
      expect(result.status).toBe(1);
      expect(result.out).toContain(`position=${events[index].position} stream=${events[index].streamId}`);
      expect(result.out).toContain('does not match its hash');
    }
  }));

  it('changed and re-hashed by someone without the key: names that event, which no seal covers', each((index) => {
    const forged = { ...events[index], payload: { ...(events[index].payload as object), amountMinor: '1' } };
    const rehashed = { ...forged, hash: hashEvent(forged) };
    const result = verify(withEvents(bundle, events.map((e, i) => (i === index ? rehashed : e))));
    expectNamed(result, rehashed, /not included in seal|prevHash/);
  }));

  it('renumbered (the position is outside the hash): names that event', each((index) => {
    const moved = { ...events[index], position: events[index].position + 100 };
    const tampered = events.map((e, i) => (i === index ? moved : e));
    expectNamed(verify(withEvents(bundle, tampered)), moved, /out of global order|proof/);
  }));

  it('deleted: names the next event of its stream, or the deleted one when it was its stream\'s last', each((index) => {
    const deleted = events[index];
    const result = verify(withEvents(bundle, events.filter((_, i) => i !== index)));
    const next = successor(deleted);
    expectNamed(result, next ?? deleted, next ? /revision \d+ where \d+ was expected/ : /deleted/);
  }));

  it('duplicated in place: names the copy', each((index) => {
    const tampered = [...events.slice(0, index + 1), { ...events[index] }, ...events.slice(index + 1)];
    expectNamed(verify(withEvents(bundle, tampered)), events[index], /out of global order/);
  }));

  it('inserted with a correct hash and chain link after any event: names the inserted event', each((index) => {
    const after = events[index];
    const forged = { ...after, eventId: `00000000-0000-4000-9000-8888888888${String(index).padStart(2, '0')}`, revision: after.revision + 1, prevHash: after.hash, position: after.position + 1 };
    const inserted = { ...forged, hash: hashEvent(forged) };
    const result = verify(withEvents(bundle, [...events.slice(0, index + 1), inserted, ...events.slice(index + 1)]));
    expectNamed(result, inserted, /proof|revision|out of global order/);
  }));

  it('moved to the end: names the next event of its stream, or the moved one', each((index) => {
    if (index === events.length - 1) return;
    const moved = events[index];
    const result = verify(withEvents(bundle, [...events.filter((_, i) => i !== index), moved]));
    const next = successor(moved);
    expectNamed(result, next ?? moved, next ? /revision \d+ where \d+ was expected/ : /out of global order/);
  }));

  it('swapped with its neighbour: names the first of the two found out of place', each((index) => {
    if (index === events.length - 1) return;
    const [first, second] = [events[index], events[index + 1]];
    const swapped = events.map((e, i) => (i === index ? second : i === index + 1 ? first : e));
    // Same stream: the later revision now comes first. Two streams: the earlier position now comes second.
    expectNamed(verify(withEvents(bundle, swapped)), first.streamId === second.streamId ? second : first, /revision|out of global order/);
  }));

  it('needs nothing but the bundle: the verifier copied alone into an empty directory checks it, and imports only Node\'s own modules', () => {
    const alone = join(work, 'alone');
    mkdirSync(alone);
    copyFileSync(VERIFIER, join(alone, 'verify.mjs'));
    expect(verify(bundle, join(alone, 'verify.mjs'))).toMatchObject({ status: 0 });
    const imports = [...readFileSync(VERIFIER, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((source) => source.startsWith('node:'))).toBe(true);
    expect(bundle['public-key.pem']).toContain('BEGIN PUBLIC KEY');
  });
});
