import type { DataSource } from 'typeorm';
import { asOfOf } from '#domain';
import { ConfigError, loadConfig, openLedgerOnly, openReadModelsOnly } from '#platform';
import { AsOfReads } from './as-of-reads.js';
import { campaignTotalsReport } from './campaign-totals.report.js';
import { parseFlags, UsageError, type CliIo } from './cli-flags.js';

/** A report the CLI can print: its own flags, and a function of a schema of read models. */
export interface CliReport {
  readonly name: string;
  /** Required flags, each `--name value`. */
  readonly flags: readonly string[];
  run(readModels: DataSource, flags: ReadonlyMap<string, string>): Promise<object>;
}

/** Every report of the CLI. Add new ones in a block at the end. */
export const CLI_REPORTS: readonly CliReport[] = [
  { name: 'campaign-totals', flags: ['campaign'], run: (readModels, flags) => campaignTotalsReport(readModels, flags.get('campaign') ?? '') },
];

const USAGE = `usage: report <${CLI_REPORTS.map((r) => r.name).join('|')}> [its flags] [--as-of ISO_INSTANT | --as-of-position N]`;

/**
 * report <name> … [--as-of 2026-06-30T23:00:00Z | --as-of-position 123]
 *
 * Prints one report as JSON on stdout: from the live read models, or, with a cut, from the
 * ledger folded up to it (as the `asOf` / `asOfPosition` query parameters do). On the
 * embedded store stop the platform first. Exit 0 printed, 2 a usage error, 1 anything else.
 */
export async function runReportCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const closers: (() => Promise<void>)[] = [];
  try {
    const [name, ...rest] = args;
    const report = CLI_REPORTS.find((candidate) => candidate.name === name);
    if (!report) throw new UsageError(name === undefined ? USAGE : `no report ${name}; ${USAGE}`);
    const flags = parseFlags(rest, [...report.flags, 'as-of', 'as-of-position']);
    const missing = report.flags.find((flag) => !flags.has(flag));
    if (missing) throw new UsageError(`${name} needs --${missing}; ${USAGE}`);
    const cut = asOfOf(flags.get('as-of'), flags.get('as-of-position'));
    if (cut !== null && 'problem' in cut) throw new UsageError(`${cut.problem.replace('asOfPosition', '--as-of-position').replace(/\basOf\b/, '--as-of')}`);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    const ledger = await openLedgerOnly(config);
    closers.push(ledger.close);
    const readModels = await openReadModelsOnly(config);
    closers.push(readModels.close);
    const answer = await new AsOfReads(ledger.ledger, readModels.readModels).read(cut, (source) => report.run(source, flags));
    io.out(JSON.stringify(answer, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError ? error.message : `report failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
