import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerStore } from '#ledger';
import type { RecordedEvent } from '#contracts';
import { loadConfig } from '../config.js';
import { parseCli, UsageError } from './cli-args.js';
import { NothingToWorkOn, requireConfiguredDatabase, requireConfiguredLedger } from './configured-stores.js';
import { withReadProgress } from './progress.js';

describe('parseCli', () => {
  it('given options, switches, inline values and words where allowed, then reads each', () => {
    expect(parseCli(['issue', '--tenant', 'a', '--role=admin', '--dry'], { options: ['tenant', 'role'], switches: ['dry'], positionals: true })).toEqual({
      flags: new Map([['tenant', 'a'], ['role', 'admin'], ['dry', 'true']]),
      lists: new Map(),
      positionals: ['issue'],
      help: false,
    });
  });

  it('given a repeatable option several times, then each value in order', () => {
    expect(parseCli(['--filing', 'a.fec', '--filing=b.fec'], { options: ['filing'], repeatable: ['filing'] }).lists.get('filing')).toEqual(['a.fec', 'b.fec']);
  });

  it('given --help or -h anywhere, then help, whatever else is wrong on the line', () => {
    expect(parseCli(['--nonsense', '--help'], { options: [] }).help).toBe(true);
    expect(parseCli(['-h'], { options: [] }).help).toBe(true);
  });

  it.each([
    [['--switch=yes'], '--switch takes no value'],
    [['--tenant='], '--tenant needs a value'],
    [['--colour', 'red'], 'unknown option --colour!'],
  ])('given %j, then a usage error naming it', (args, message) => {
    expect(() => parseCli(args, { options: ['tenant'], switches: ['switch'], unknownOption: (raw) => `unknown option ${raw}!` })).toThrow(new UsageError(message));
  });
});

describe('a tool refusing stores that are not there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: join(dir, 'data'), HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true', ...env }, ['reporting']);

  it('given no LEDGER_SQL_URL and no embedded ledger under DATA_DIR, then it refuses, saying what to set, rather than create an empty one', () => {
    expect(() => requireConfiguredLedger(config({}))).toThrow(NothingToWorkOn);
    expect(() => requireConfiguredLedger(config({}))).toThrow(/set LEDGER_SQL_URL .* or DATA_DIR/);
    expect(() => requireConfiguredDatabase(config({}))).toThrow(/set DATABASE_URL/);
  });

  it('given a URL, or the embedded stores present, then it goes on', () => {
    expect(() => requireConfiguredLedger(config({ LEDGER_SQL_URL: 'postgres://h/db' }))).not.toThrow();
    expect(() => requireConfiguredDatabase(config({ DATABASE_URL: 'postgres://h/db' }))).not.toThrow();
    mkdirSync(join(dir, 'data', 'ledger'), { recursive: true });
    mkdirSync(join(dir, 'data', 'read-models'), { recursive: true });
    expect(() => requireConfiguredLedger(config({}))).not.toThrow();
    expect(() => requireConfiguredDatabase(config({}))).not.toThrow();
  });
});

describe('progress of a long read', () => {
  const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ position: from + i }) as RecordedEvent);

  it('given pages read over time, then at most one line per interval with the count and position against the head, and a last line', async () => {
    let clock = 0;
    const pages = [page(1, 100), page(101, 100), page(201, 50), []];
    const ledger = { readAll: async () => pages.shift() ?? [], headPosition: async () => 250, ping: async () => undefined } as unknown as LedgerStore;
    const lines: string[] = [];
    const reading = withReadProgress(ledger, (line) => lines.push(line), { label: 'replay', everyMs: 1000, now: () => clock });
    await reading.readAll({});
    clock = 1500;
    await reading.readAll({});
    clock = 1600;
    await reading.readAll({});
    await reading.readAll({});
    reading.finish();
    expect(lines).toEqual(['replay: 200 events read, at position 200 of head 250', 'replay: 250 events read']);
    await expect(reading.ping()).resolves.toBeUndefined();
  });
});
