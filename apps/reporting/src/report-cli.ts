import { writeFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { campaignStreamId, committeeStreamId } from '#contracts';
import { asOfOf, campaignFold, committeeFold } from '#domain';
import { reportCommitteeOf } from './filings/report-committee.js';
import { loadState, type LedgerStore } from '#ledger';
import { DonorKeyStore, openDonorKeyDataSource, PersonalDataVault } from '#personal-data';
import { dataSourceTargetBeside, openSqlDatabase } from '#sql';
import { AsOfReads, campaignTotalsReport, isCommitteeReport, openReadModelDataSource, projectionsNamed, ReportParamsError, ReportRunner, toCsv, type ReportOutput } from '#read-models';
import { ConfigError, loadConfig, NothingToWorkOn, openLedgerOnly, READ_MODELS_OF_APP, requireConfiguredDatabase, requireConfiguredLedger, withReadProgress, type HustingsConfig, LOG_FORMAT_HELP } from '#platform';
import type { CliIo } from './audit-export-cli.js';
import { formatOf, reportParamsOf } from './filings/report-params.js';
import { ledgerCutOf, stamped } from './filings/ledger-cut.js';

/**
 * report <name> --committee ID [report flags] [--format json|csv] [--out FILE] [--with-personal-data]
 * report campaign-totals --campaign ID [--summary] [--format json|csv] [--out FILE]
 *
 * The one report command: the same reports as the endpoints, from the same read models; with
 * --as-of INSTANT or --as-of-position N, from the ledger folded up to that cut instead (a bare
 * day in --as-of only sets the day remedies-due and review-queue judge overdue against).
 * `campaign-totals --summary` prints the figures of GET /v1/campaigns/{id}/totals, stamped
 * `asOf` as that endpoint does (`npm run report:as-of` is this command with --summary); every
 * other report is stamped `ledgerCut`, as the filings endpoints do. Donors are withheld unless
 * --with-personal-data is given (and PII_MASTER_KEY is set): whoever runs this holds the
 * database and the master key, so the flag records intent rather than grants a right. The
 * embedded store has one owner at a time: stop the platform first. Exit codes: 0 written,
 * 2 a usage error, 1 anything else.
 */
const USAGE = 'usage: report <fec-schedule-a|fec-report|fec-48-hour-notices|ppera-quarterly|ppera-weekly|cea-contributions|large-donations|remedies-due|review-queue|rewards-granted> --committee ID [--from ISO --to ISO | --year Y --quarter Q | --week-starting DAY ] [--as-of ISO | --as-of-position N] [--threshold-minor N] [--level central|accounting_unit] [--filer-committee-id C########] [--treasurer-name NAME] [--signed-on DAY] [--report-code Q1] [--election-id ID] [--format json|csv|file] [--out FILE] [--with-personal-data]\n       report campaign-totals --campaign ID [--summary] [--as-of ISO | --as-of-position N] [--format json|csv] [--out FILE]';

/** What a usage error ends with: one line that says where the whole usage is. */
const SHORT_USAGE = 'usage: report REPORT --committee ID [flags] | report campaign-totals --campaign ID [flags] (report --help lists the reports and flags)';
const HELP = `${USAGE}

The same reports as the reporting endpoints, from the same read models; with --as-of or
--as-of-position, from the ledger folded up to that cut instead.

  --committee ID | --campaign ID   whose report
  --from, --to ISO                 the period (fec-schedule-a, large-donations)
  --year Y --quarter Q             ppera-quarterly;  --week-starting DAY: ppera-weekly;  --year Y: cea-contributions
  --as-of ISO | --as-of-position N the books as they stood then
  --format json|csv|file           default json; file: the regulator's file (fec-report, ...)
  --out FILE                       write there (mode 600) instead of stdout
  (the filing flags of the usage line above go to the report that takes them)
  --with-personal-data             donors' names and addresses (needs PII_MASTER_KEY)
  --summary                        campaign-totals: the figures of GET /v1/campaigns/{id}/totals
  ${LOG_FORMAT_HELP}
  -h, --help                       this text

Reads LEDGER_SQL_URL (or EVENTSTORE_URL) and DATABASE_URL, or the embedded store under DATA_DIR
(stop the platform first); refuses when none of them is there. Progress of a fold from the
ledger goes to stderr. Exit codes: 0 written, 2 usage error, 1 anything else.`;

class UsageError extends Error {}

const SWITCHES = ['with-personal-data', 'summary'] as const;
/** Every option of the usage line: another is a usage error, never silently ignored. */
const OPTIONS = ['committee', 'campaign', 'from', 'to', 'year', 'quarter', 'week-starting', 'as-of', 'as-of-position', 'threshold-minor', 'level', 'filer-committee-id', 'treasurer-name', 'signed-on', 'report-code', 'election-id', 'format', 'out'];
type Switch = (typeof SWITCHES)[number];

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function flagsOf(args: string[]): { flags: Record<string, string>; switches: Set<Switch> } {
  const flags: Record<string, string> = {};
  const switches = new Set<Switch>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const name = flag.slice(2) as Switch;
    if (flag.startsWith('--') && SWITCHES.includes(name)) {
      switches.add(name);
      continue;
    }
    if (flag.startsWith('--') && !OPTIONS.includes(flag.slice(2))) throw new UsageError(`unknown option ${flag}; ${SHORT_USAGE}`);
    if (camel(flag.slice(2)) in flags) throw new UsageError(`${flag} given twice`);
    const value = args[i + 1];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value; ${SHORT_USAGE}`);
    flags[camel(flag.slice(2))] = value;
    i++;
  }
  return { flags, switches };
}

interface Stores {
  ledger: LedgerStore;
  readModels: DataSource;
  vault: PersonalDataVault | null;
}

async function openStores(config: HustingsConfig, closers: (() => Promise<void>)[], io: CliIo): Promise<Stores> {
  requireConfiguredLedger(config);
  requireConfiguredDatabase(config);
  const ledger = await openLedgerOnly(config);
  closers.push(ledger.close);
  const db = await openSqlDatabase(config.databaseUrl, { dataDir: config.dataDir, embeddedThread: config.embeddedThread, name: 'read-models', poolSize: 2, applicationName: 'hustings-report-cli', preparedStatements: config.sqlPreparedStatements });
  closers.push(() => db.close());
  const target = dataSourceTargetBeside(db);
  const readModels = await openReadModelDataSource(target, config.databaseSchema);
  closers.push(() => readModels.destroy());
  let vault: PersonalDataVault | null = null;
  if (config.piiMasterKeys) {
    const keys = await openDonorKeyDataSource(target);
    closers.push(() => keys.destroy());
    vault = new PersonalDataVault(new DonorKeyStore(keys), config.piiMasterKeys);
  }
  return { ledger: withReadProgress(ledger.ledger, (line) => io.progress?.(line), { label: 'report' }), readModels, vault };
}

/** The report on today's read models, or on the ledger folded up to the cut the flags ask for (the one as-of path). */
async function run(name: string, flags: Record<string, string>, switches: Set<Switch>, stores: Stores): Promise<ReportOutput> {
  const reads = new AsOfReads(stores.ledger, stores.readModels, projectionsNamed(READ_MODELS_OF_APP.reporting));
  if (name === 'campaign-totals' && switches.has('summary')) {
    if (!flags.campaign) throw new UsageError(SHORT_USAGE);
    // As the /totals endpoint: a cut is an instant or a position, nothing else.
    const cut = asOfOf(flags.asOf, flags.asOfPosition);
    if (cut !== null && 'problem' in cut) throw new UsageError(cut.problem.replace('asOfPosition', '--as-of-position').replace(/\basOf\b/, '--as-of'));
    const summary = await reads.read(cut, (readModels) => campaignTotalsReport(readModels, flags.campaign));
    return { json: summary, table: { header: ['figure', 'value'], rows: Object.entries(summary).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value ?? '')]) } };
  }
  const cut = ledgerCutOf({ asOf: flags.asOf, asOfPosition: flags.asOfPosition });
  return stamped(await reads.read(cut, (readModels: DataSource) => runOn(new ReportRunner(readModels, stores.vault), name, flags, switches.has('with-personal-data'), stores.ledger)));
}

async function runOn(runner: ReportRunner, name: string, flags: Record<string, string>, withPersonalData: boolean, ledger: LedgerStore): Promise<ReportOutput> {
  if (name === 'campaign-totals') {
    if (!flags.campaign) throw new UsageError(SHORT_USAGE);
    const { state: campaign } = await loadState(ledger, campaignStreamId(flags.campaign), campaignFold);
    if (campaign.status !== 'opened') throw new Error(`campaign ${flags.campaign} does not exist`);
    const { state: committee } = await loadState(ledger, committeeStreamId(campaign.committeeId), committeeFold);
    if (committee.status !== 'registered') throw new Error(`committee ${campaign.committeeId} does not exist`);
    return runner.campaignTotals(flags.campaign, committee.jurisdiction);
  }
  if (!isCommitteeReport(name) || !flags.committee) throw new UsageError(SHORT_USAGE);
  const params = reportParamsOf(name, { ...flags, asOf: flags.asOf }, new Date().toISOString());
  const committee = await reportCommitteeOf(ledger, flags.committee);
  if (committee === null) throw new Error(`committee ${flags.committee} does not exist`);
  return runner.committeeReport(committee, name, params, withPersonalData);
}

/** `npm run report:as-of`: the one command with --summary (the figures of GET /v1/campaigns/{id}/totals). */
export const runReportAsOfCli = (args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> => runReportCli(['--summary', ...args], env, io);

export async function runReportCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const closers: (() => Promise<void>)[] = [];
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(HELP);
      return 0;
    }
    // Switches may come first (the report:as-of alias puts --summary there).
    const isSwitch = (arg: string): boolean => SWITCHES.some((name) => arg === `--${name}`);
    const [name, ...rest] = args.filter((arg) => !isSwitch(arg));
    if (!name || name.startsWith('--')) throw new UsageError(SHORT_USAGE);
    rest.push(...args.filter(isSwitch));
    const { flags, switches } = flagsOf(rest);
    const format = formatOf({ format: flags.format }, undefined);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    const result = await run(name, flags, switches, await openStores(config, closers, io));
    if (format === 'file' && !result.file) throw new UsageError(result.fileUnavailable ?? `${name} has no regulator's file: --format json or csv`);
    const text = format === 'file' ? (result.file?.text ?? '') : format === 'csv' ? toCsv(result.table) : `${JSON.stringify(result.json, null, 2)}\n`;
    if (flags.out) await writeFile(flags.out, text, { mode: 0o600 });
    else io.out(format === 'file' ? text : text.trimEnd());
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportParamsError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError || error instanceof NothingToWorkOn ? `report: ${error.message}` : `report failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
