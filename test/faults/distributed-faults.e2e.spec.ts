import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt, repo } from '../support/processes.js';

/**
 * The short version of the distributed fault suite (scripts/chaos.mjs --short): the four apps
 * as processes on a broker and a PostgreSQL server of the suite's own, and a few of its
 * faults (a baseline, compliance SIGKILLed before its offset commit, every message delivered
 * twice, a poison message dead-lettered and put back by the dead-letters CLI), 24 donations
 * each. `npm run chaos` runs all twelve with 200. Every row must read nothing lost and
 * nothing counted twice; the table is printed either way.
 */
interface Row {
  fault: string;
  posted: number;
  acknowledged: number;
  inLedger: number;
  decidedOnce: number;
  totalsEqualLedger: boolean;
  duplicates: number;
  lost: number;
  deadLetters: number;
  chainsHold: boolean;
  holds: boolean;
}

let running: ReturnType<typeof spawn> | null = null;

function runSuite(jsonFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = (running = spawn(process.execPath, [resolve(repo, 'scripts/chaos.mjs'), '--short', '--json', jsonFile], { cwd: repo, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      running = null;
      done({ code, output });
    });
  });
}

describe('fault suite (distributed topology, short)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-chaos-'));
  beforeAll(() => ensureBuilt(), 300_000);
  afterAll(() => {
    // Timed out: SIGTERM makes the suite stop its apps, broker and PostgreSQL server.
    running?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives each fault with nothing lost and nothing counted twice, the ledger, bus and read models agreeing', async () => {
    const json = join(dir, 'rows.json');
    const { code, output } = await runSuite(json);
    process.stdout.write(`\n${output}\n`);
    const { rows, failures } = JSON.parse(readFileSync(json, 'utf8')) as { rows: Row[]; failures: string[] };
    expect(failures).toEqual([]);
    expect(rows.map((r) => r.fault)).toHaveLength(4);
    for (const row of rows) {
      expect({ fault: row.fault, lost: row.lost, duplicates: row.duplicates, totals: row.totalsEqualLedger, chains: row.chainsHold, decidedOnce: row.decidedOnce, acknowledged: row.acknowledged }).toEqual({
        fault: row.fault,
        lost: 0,
        duplicates: 0,
        totals: true,
        chains: true,
        decidedOnce: row.posted,
        acknowledged: row.posted,
      });
    }
    // The poison message went to the dead-letter topic, and the CLI's replay decided it.
    expect(rows.find((r) => r.fault.startsWith('poison'))?.deadLetters).toBe(1);
    expect(code).toBe(0);
  }, 420_000);
});
