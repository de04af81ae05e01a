import { ConfigError, loadConfig, NothingToWorkOn, openLedgerOnly, openReadModelsOnly, parseCli, READ_MODELS_OF_APP, requireConfiguredDatabase, requireConfiguredLedger, withReadProgress, LOG_FORMAT_HELP } from '#platform';
import { UsageError, type CliIo } from './cli-flags.js';
import { projectionsNamed, READ_MODEL_PROJECTIONS, replayReadModels, type RegisteredProjection, type ReplayReport } from '#read-models';

/**
 * replay [--app reporting|rewards|…] [--keep] [--max-differences N]
 *
 * Rebuilds every registered read model (or one app's) from ledger position 0 into a fresh
 * schema, with the projections' own code, and compares it row for row with the live schema
 * (DATABASE_SCHEMA). Prints a digest per table. Exit 0: identical; 1: different, one line per
 * differing row; 2: a usage error; 3: the replay could not run. On the embedded store stop the
 * platform first (one owner at a time); on PostgreSQL, compare a quiet system, since live rows
 * newer than the replayed head count as differences.
 */
const USAGE = 'usage: replay [--app APP] [--keep] [--max-differences N]';
const HELP = `${USAGE}

Rebuilds the read models (all, or one app's) from the whole ledger into a scratch schema and
compares them row for row with the live ones (DATABASE_SCHEMA).

  --app APP               only this app's read models (reporting, rewards, compliance, intake)
  --keep                  keep the scratch schema afterwards, to look at it
  --max-differences N     differing rows printed per table (default 1000)
  ${LOG_FORMAT_HELP}
  -h, --help              this text

Reads LEDGER_SQL_URL (or EVENTSTORE_URL) and DATABASE_URL, or the embedded store under DATA_DIR
(stop the platform first). Progress goes to stderr. Exit codes: 0 identical, 1 different,
2 usage error, 3 the replay could not run (nothing configured, a store unreachable).`;

export async function runReplayCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const closers: (() => Promise<void>)[] = [];
  try {
    const { flags, help } = parseCli(args, { options: ['app', 'max-differences'], switches: ['keep'] });
    if (help) {
      io.out(HELP);
      return 0;
    }
    const projections = selected(flags.get('app'));
    const maxDifferences = Number(flags.get('max-differences') ?? 1000);
    if (!Number.isSafeInteger(maxDifferences) || maxDifferences < 1) throw new UsageError(`--max-differences must be a whole number, 1 or more; ${USAGE}`);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    requireConfiguredLedger(config);
    requireConfiguredDatabase(config);
    const ledger = await openLedgerOnly(config);
    closers.push(ledger.close);
    const readModels = await openReadModelsOnly(config);
    closers.push(readModels.close);
    const reading = withReadProgress(ledger.ledger, (line) => io.progress?.(line), { label: 'replay' });
    const report = await replayReadModels(reading, readModels.readModels, projections, { keep: flags.has('keep'), maxDifferences });
    reading.finish();
    for (const line of describeReplay(report)) io.out(line);
    return report.identical ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError || error instanceof NothingToWorkOn ? `replay: ${error.message}` : `replay failed: ${error instanceof Error ? error.message : String(error)}`);
    return 3;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

function selected(app: string | undefined): readonly RegisteredProjection[] {
  if (app === undefined) return READ_MODEL_PROJECTIONS;
  const owners = Object.entries(READ_MODELS_OF_APP).filter(([, names]) => names.length > 0);
  const names = owners.find(([owner]) => owner === app)?.[1];
  if (!names) throw new UsageError(`no read models of app ${app}; apps with some: ${owners.map(([owner]) => owner).join(', ')}`);
  return projectionsNamed(names);
}

/** What the CLI prints: the range replayed, a line per table with both digests, the differences, a verdict. */
export function describeReplay(report: ReplayReport): string[] {
  const range = report.upTo === null ? 'an empty ledger' : `ledger positions 0..${report.upTo}`;
  const lines = [`replayed ${range} (${report.applied} events folded) into schema ${report.replaySchema}${report.kept ? ' (kept)' : ''}; live schema ${report.liveSchema}`];
  for (const table of report.tables) {
    const live = table.live ? `${table.live.rows} rows sha256 ${table.live.sha256}` : 'missing';
    const verdict = table.identical ? 'identical' : `DIFFERENT (${table.differenceCount} rows)`;
    lines.push(`${table.table}: replayed ${table.replayed.rows} rows sha256 ${table.replayed.sha256}, live ${live}: ${verdict}`);
  }
  for (const table of report.tables) {
    lines.push(...table.differences);
    const untold = table.differenceCount - table.differences.length;
    if (untold > 0) lines.push(`${table.table}: ${untold} more differing rows not shown (--max-differences)`);
  }
  const differing = report.tables.filter((table) => !table.identical);
  lines.push(report.identical ? `IDENTICAL: ${report.tables.length} tables match the ledger row for row` : `DIFFERENT: ${differing.length} of ${report.tables.length} tables differ from the ledger`);
  return lines;
}
