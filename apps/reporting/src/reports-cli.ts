import { writeFile } from 'node:fs/promises';
import { campaignStreamId, committeeStreamId } from '#contracts';
import { evolveCampaign, evolveCommittee, initialCampaignState, initialCommitteeState, toCsv } from '#domain';
import { loadState, type LedgerStore } from '#ledger';
import { DonorKeyStore, openDonorKeyDataSource, PersonalDataVault } from '#personal-data';
import { openReadModelDataSource, projectionsOf, readModelsAsOf } from '#persistence';
import { EmbeddedDatabase, openSqlDatabase } from '#sql';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, openLedgerOnly, type HustingsConfig } from '#platform';
import type { CliIo } from './audit-export-cli.js';
import { formatOf, isCommitteeReport, reportParamsOf, ReportParamsError } from './filings/report-params.js';
import { ReportRunner, type ReportOutput } from './filings/report-runner.js';
import { ledgerCutOf, stamped } from './filings/ledger-cut.js';

/**
 * report <name> --committee ID [report flags] [--format json|csv] [--out FILE] [--with-personal-data]
 * report campaign-totals --campaign ID [--format json|csv] [--out FILE]
 *
 * The same reports as the endpoints, from the same read models; with --as-of INSTANT or
 * --as-of-position N, from the ledger folded up to that cut instead (a bare day in --as-of
 * only sets the day remedies-due and review-queue judge overdue against). Donors are withheld unless
 * --with-personal-data is given (and PII_MASTER_KEY is set): whoever runs this holds the
 * database and the master key, so the flag records intent rather than grants a right. The
 * embedded store has one owner at a time: stop the platform first. Exit codes: 0 written,
 * 2 a usage error, 1 anything else.
 */
const USAGE = 'usage: report <fec-schedule-a|fec-48-hour-notices|ppera-quarterly|ppera-weekly|large-donations|remedies-due|review-queue|rewards-granted> --committee ID [--from ISO --to ISO | --year Y --quarter Q | --week-starting DAY ] [--as-of ISO | --as-of-position N] [--threshold-minor N] [--level central|accounting_unit] [--filer-committee-id C########] [--format json|csv] [--out FILE] [--with-personal-data]\n       report campaign-totals --campaign ID [--as-of ISO | --as-of-position N] [--format json|csv] [--out FILE]';

class UsageError extends Error {}

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

function flagsOf(args: string[]): { flags: Record<string, string>; withPersonalData: boolean } {
  const flags: Record<string, string> = {};
  let withPersonalData = false;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === '--with-personal-data') {
      withPersonalData = true;
      continue;
    }
    const value = args[i + 1];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value\n${USAGE}`);
    flags[camel(flag.slice(2))] = value;
    i++;
  }
  return { flags, withPersonalData };
}

interface Stores {
  ledger: LedgerStore;
  readModels: DataSource;
  vault: PersonalDataVault | null;
}

async function openStores(config: HustingsConfig, closers: (() => Promise<void>)[]): Promise<Stores> {
  const ledger = await openLedgerOnly(config);
  closers.push(ledger.close);
  const db = await openSqlDatabase(config.databaseUrl, { dataDir: config.dataDir, name: 'read-models', poolSize: 2, applicationName: 'hustings-report-cli' });
  closers.push(() => db.close());
  const target = db instanceof EmbeddedDatabase ? ({ kind: 'embedded', db } as const) : ({ kind: 'postgres', url: config.databaseUrl } as const);
  const readModels = await openReadModelDataSource(target, config.databaseSchema);
  closers.push(() => readModels.destroy());
  let vault: PersonalDataVault | null = null;
  if (config.piiMasterKeys) {
    const keys = await openDonorKeyDataSource(target);
    closers.push(() => keys.destroy());
    vault = new PersonalDataVault(new DonorKeyStore(keys), config.piiMasterKeys);
  }
  return { ledger: ledger.ledger, readModels, vault };
}

/** The report on today's read models, or on the ledger folded up to the cut the flags ask for. */
async function run(name: string, flags: Record<string, string>, withPersonalData: boolean, stores: Stores): Promise<ReportOutput> {
  const cut = ledgerCutOf({ asOf: flags.asOf, asOfPosition: flags.asOfPosition });
  const report = (readModels: DataSource): Promise<ReportOutput> => runOn(new ReportRunner(readModels, stores.vault), name, flags, withPersonalData, stores.ledger);
  if (cut === null) return report(stores.readModels);
  return stamped(
    await readModelsAsOf(stores.ledger, stores.readModels, projectionsOf('reporting'), cut, async (folded, fold) => {
      const position = cut.kind === 'instant' ? { instant: cut.instant } : { position: cut.position };
      return { ...(await report(folded)), asOf: { ...position, lastPosition: fold.lastPosition } };
    }),
  );
}

async function runOn(runner: ReportRunner, name: string, flags: Record<string, string>, withPersonalData: boolean, ledger: LedgerStore): Promise<ReportOutput> {
  if (name === 'campaign-totals') {
    if (!flags.campaign) throw new UsageError(USAGE);
    const { state: campaign } = await loadState(ledger, campaignStreamId(flags.campaign), evolveCampaign, initialCampaignState);
    if (campaign.status !== 'opened') throw new Error(`campaign ${flags.campaign} does not exist`);
    const { state: committee } = await loadState(ledger, committeeStreamId(campaign.committeeId), evolveCommittee, initialCommitteeState);
    if (committee.status !== 'registered') throw new Error(`committee ${campaign.committeeId} does not exist`);
    return runner.campaignTotals(flags.campaign, committee.jurisdiction);
  }
  if (!isCommitteeReport(name) || !flags.committee) throw new UsageError(USAGE);
  const params = reportParamsOf(name, { ...flags, asOf: flags.asOf }, new Date().toISOString());
  const { state } = await loadState(ledger, committeeStreamId(flags.committee), evolveCommittee, initialCommitteeState);
  if (state.status !== 'registered') throw new Error(`committee ${flags.committee} does not exist`);
  return runner.committeeReport(state, name, params, withPersonalData);
}

export async function runReportCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const closers: (() => Promise<void>)[] = [];
  try {
    const [name, ...rest] = args;
    if (!name || name.startsWith('--')) throw new UsageError(USAGE);
    const { flags, withPersonalData } = flagsOf(rest);
    const format = formatOf({ format: flags.format }, undefined);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    const result = await run(name, flags, withPersonalData, await openStores(config, closers));
    const text = format === 'csv' ? toCsv(result.table) : `${JSON.stringify(result.json, null, 2)}\n`;
    if (flags.out) await writeFile(flags.out, text, { mode: 0o600 });
    else io.out(text.trimEnd());
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReportParamsError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError ? error.message : `report failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
