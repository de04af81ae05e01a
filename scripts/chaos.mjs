// The fault suite on the distributed topology (npm run chaos): for each of twelve faults, a
// bounded surge of donations, the fault, and a reconciliation of the ledger, the bus and the
// read models; one row per fault. See scripts/faults/.
//
//   node scripts/chaos.mjs [--short] [--surge N] [--only TEXT[,TEXT]] [--json FILE]
//
// --short: the faults the default test run keeps (test/faults/distributed-faults.e2e.spec.ts).
// Exit 0 when every row reads nothing lost and nothing counted twice; 1 otherwise; 2 usage.

import console from 'node:console';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './bench/common.mjs';
import { FAULTS, runFault } from './faults/faults.mjs';
import { rowHolds } from './faults/reconcile.mjs';
import { ChaosTopology } from './faults/topology.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function options() {
  try {
    const { values } = parseArgs({ options: { short: { type: 'boolean' }, surge: { type: 'string' }, only: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    const surge = Number(values.surge ?? process.env.FAULT_SURGE ?? (values.short ? 24 : 200));
    if (!Number.isInteger(surge) || surge < 4) throw new Error('--surge must be a whole number, 4 or more');
    return { ...values, surge };
  } catch (error) {
    console.error(`chaos: ${error.message}; usage: node scripts/chaos.mjs [--short] [--surge N] [--only TEXT[,TEXT]] [--json FILE]`);
    process.exit(2);
  }
}

const COLUMNS = [
  ['fault', (r) => r.fault],
  ['posted', (r) => r.posted],
  ['acked', (r) => r.acknowledged],
  ['in ledger', (r) => r.inLedger],
  ['decided once', (r) => r.decidedOnce],
  ['totals = ledger', (r) => (r.totalsEqualLedger ? 'yes' : 'NO')],
  ['duplicates', (r) => r.duplicates],
  ['lost', (r) => r.lost],
  ['dead letters', (r) => r.deadLetters],
  ['chains', (r) => (r.chainsHold ? 'ok' : 'BROKEN')],
  ['5xx retried', (r) => r.serverErrors],
  ['recovery ms', (r) => r.recoveryMs],
  ['verdict', (r) => (rowHolds(r) ? 'ok' : 'FAILED')],
];

async function main() {
  const opts = options();
  if (opts.help) return console.log('usage: node scripts/chaos.mjs [--short] [--surge N] [--only TEXT[,TEXT]] [--json FILE]');
  const faults = FAULTS.filter((f) => (!opts.short || f.short) && (!opts.only || opts.only.split(',').some((part) => f.name.includes(part))));
  const say = (line) => console.log(`  ${line}`);
  const topology = new ChaosTopology(root);
  // Interrupted (Ctrl-C, a test's timeout): the apps, the broker and the PostgreSQL server of the run go too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`chaos: ${signal}, stopping the topology`);
      void topology.dispose().finally(() => process.exit(130));
    });
  }
  const rows = [];
  const failures = [];
  console.log(`fault suite, distributed topology: ${faults.length} faults, ${opts.surge} donations each (logs: ${topology.logDir})`);
  try {
    await topology.start(say);
    for (const [index, fault] of faults.entries()) {
      console.log(`- ${fault.name}`);
      try {
        const { row, notes } = await runFault(topology, fault, index, opts.surge);
        rows.push(row);
        for (const note of notes.filter(Boolean)) say(note.replace(/\n/g, '\n    '));
        say(`${rowHolds(row) ? 'ok' : 'FAILED'} in ${row.recoveryMs} ms`);
      } catch (error) {
        failures.push(`${fault.name}: ${error.stack ?? error}`);
        console.log(`  could not run: ${error.message}`);
      }
    }
  } finally {
    await topology.dispose().catch((error) => console.error(`chaos: cleaning up: ${error.message}`));
  }
  console.log('');
  printTable(COLUMNS, rows);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ surge: opts.surge, rows: rows.map((r) => ({ ...r, holds: rowHolds(r) })), failures }, null, 2));
  const bad = rows.filter((r) => !rowHolds(r)).length + failures.length;
  console.log(bad === 0 ? `\nevery fault: nothing lost, nothing counted twice` : `\n${bad} fault(s) FAILED`);
  process.exitCode = bad === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`chaos: ${error.stack ?? error}`);
  process.exitCode = 1;
});
