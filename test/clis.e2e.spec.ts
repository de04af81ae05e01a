import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt, repo } from './support/processes.js';

/**
 * Every command-line tool as an operator runs it (`node dist/...`): `--help` prints what it
 * does and exits 0; a bad argument is one line and exit 2; with no ledger or database
 * configured it refuses, and creates nothing; an audit export without a seal key refuses.
 */
const CLIS = {
  keys: 'dist/apps/intake/src/keys.cli.js',
  report: 'dist/apps/reporting/src/report.cli.js',
  replay: 'dist/apps/reporting/src/replay.cli.js',
  'audit:export': 'dist/apps/reporting/src/audit-export.cli.js',
  'audit:verify': 'scripts/verify-audit-bundle.mjs',
  'dead-letters': 'dist/apps/embedded/src/dead-letters.cli.js',
} as const;

function run(cli: keyof typeof CLIS, args: string[], env: Record<string, string> = {}, cwd = repo) {
  const result = spawnSync(process.execPath, [resolve(repo, CLIS[cli]), ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr.trim() };
}

describe('the command-line tools', () => {
  const empty = mkdtempSync(join(tmpdir(), 'hustings-cli-'));
  const dataDir = join(empty, 'data');
  beforeAll(() => ensureBuilt(), 300_000);
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it.each(Object.keys(CLIS) as (keyof typeof CLIS)[])('%s --help prints its usage, flags and exit codes, and exits 0', (cli) => {
    const { code, out, err } = run(cli, ['--help']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^usage: /);
    expect(out).toMatch(/--help/);
    expect(out).toMatch(/[Ee]xit codes?/);
  });

  it.each([
    ['keys', ['frobnicate']],
    ['keys', ['list', '--colour', 'red']],
    ['report', ['fec-schedule-a', '--committee']],
    ['replay', ['--max-differences', 'lots']],
    ['replay', ['--bogus']],
    ['report', ['review-queue', '--committee', 'c', '--colour', 'red']],
    ['report', ['review-queue', '--committee', 'c', '--committee', 'd']],
    ['keys', ['list', '--log-format', 'yaml']],
    ['audit:export', ['--committee', 'c', '--from', '2026-01-01', '--to', '2026-02-01', '--out']],
    ['audit:verify', []],
    ['dead-letters', []],
    ['dead-letters', ['replay']],
    ['dead-letters', ['replay', '--group', 'intake']],
    ['dead-letters', ['list', '--group', 'compliance', '--dry-run']],
  ] as const)('%s %j is a usage error: what is wrong (and the usage), exit 2', (cli, args) => {
    const { code, err, out } = run(cli, [...args], { DATA_DIR: dataDir });
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toMatch(/usage|needs a value|unknown|must be|given twice/);
    expect(err.split('\n').length).toBeLessThanOrEqual(3);
    expect(out).toBe('');
  });

  it.each([
    ['keys', ['list']],
    ['report', ['review-queue', '--committee', 'c']],
    ['replay', []],
    ['audit:export', ['--committee', 'c', '--from', '2026-01-01', '--to', '2026-02-01', '--out', join(empty, 'bundle')]],
  ] as const)('%s with no ledger or database configured refuses, naming what to set, and creates no store', (cli, args) => {
    const seal: Record<string, string> = cli === 'audit:export' ? { HUSTINGS_SEAL_KEY: 'MC4CAQAwBQYDK2VwBCIEIDZXY3NQg25u+++FmAe+1uVdFl+pa1uR7rik4v5/SZro' } : {};
    const { code, err } = run(cli, [...args], { DATA_DIR: dataDir, ...seal });
    expect(code).not.toBe(0);
    expect(err).toMatch(/no (ledger|database) configured: set (LEDGER_SQL_URL|DATABASE_URL)/);
    expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
  });

  it('dead-letters without KAFKA_BROKERS refuses in one line, naming what to set, exit 3', () => {
    const { code, err, out } = run('dead-letters', ['list', '--group', 'compliance', '--log-format', 'text']);
    expect({ code, out }).toEqual({ code: 3, out: '' });
    expect(err).toBe('dead-letters: KAFKA_BROKERS is not set (host:port,...): dead letters live on Kafka');
  });

  it.each(Object.keys(CLIS) as (keyof typeof CLIS)[])('%s writes an error off a terminal as one JSON line of the apps\' logger, and as one named line with --log-format text', (cli) => {
    const bad = cli === 'audit:verify' ? [] : ['--bogus-option'];
    const piped = run(cli, bad, { DATA_DIR: dataDir });
    expect({ code: piped.code, lines: piped.err.split('\n').length, out: piped.out }).toEqual({ code: 2, lines: 1, out: '' });
    expect(JSON.parse(piped.err)).toEqual({ level: 'error', time: expect.any(String), app: cli, msg: expect.stringMatching(/usage|unknown/) });
    const text = run(cli, [...bad, '--log-format', 'text'], { DATA_DIR: dataDir });
    expect({ code: text.code, lines: text.err.split('\n').length }).toEqual({ code: 2, lines: 1 });
    expect(text.err).toMatch(new RegExp(`^${cli}(:| failed:) .*(usage|unknown)`));
    expect(run(cli, bad, { DATA_DIR: dataDir, LOG_FORMAT: 'text' }).err).toBe(text.err);
  });

  it('audit:export without HUSTINGS_SEAL_KEY refuses rather than sign with the development key', () => {
    const { code, err } = run('audit:export', ['--committee', 'c', '--from', '2026-01-01', '--to', '2026-02-01', '--out', join(empty, 'bundle')], { DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(err).toMatch(/HUSTINGS_SEAL_KEY is not set/);
  });
});
