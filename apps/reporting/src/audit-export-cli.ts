import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { committeeStreamId } from '#contracts';
import { committeeFold } from '#domain';
import { directorySink, loadState, sealingKeyFrom, streamAuditBundle } from '#ledger';
import { ConfigError, loadConfig, NothingToWorkOn, openLedgerOnly, parseCli, requireConfiguredLedger, UsageError, withReadProgress, type CliIo, LOG_FORMAT_HELP } from '#platform';
import { auditPeriodOf } from './audit-request.js';

/**
 * audit:export --committee <id> --from <ISO> --to <ISO> --out <empty or new directory> [--filing FILE]...
 *
 * Each --filing (a file `report … --format file` wrote: a .fec report or notice, a UK return)
 * travels in the bundle as `filing-<its name>`, its SHA-256 in the signed manifest.
 * Seals the ledger up to its head (with HUSTINGS_SEAL_KEY, as reporting does), then writes the
 * committee's audit bundle. The embedded ledger has one owner at a time: stop the platform
 * first. Exit codes: 0 written, 2 a usage error, 1 anything else; errors are one line on stderr.
 */
const USAGE = 'usage: audit:export --committee ID --from ISO --to ISO --out DIR [--filing FILE]...';
const HELP = `${USAGE}

Seals the ledger up to its head with HUSTINGS_SEAL_KEY, then writes the committee's audit
bundle for the period into DIR (empty or new): what a regulator verifies with
\`npm run audit:verify -- DIR\` (docs/verify-an-audit-bundle.md).

  --committee ID     the committee
  --from, --to ISO   the period, a day or an instant each
  --out DIR          an empty or new directory
  --filing FILE      a file \`report ... --format file\` wrote, carried in the bundle (repeatable)
  ${LOG_FORMAT_HELP}
  -h, --help         this text

Needs HUSTINGS_SEAL_KEY (an Ed25519 private key, PKCS#8 PEM or base64 DER): without it the
export refuses rather than sign with a development key. Reads LEDGER_SQL_URL (or
EVENTSTORE_URL), or the embedded ledger under DATA_DIR (stop the platform first). Progress goes
to stderr. Exit codes: 0 written, 2 usage error, 1 anything else.`;

export type { CliIo };

/** A bundle signed with the key the embedded default makes up would prove nothing to anyone. */
function requireSealKey(env: Record<string, string | undefined>): void {
  if (!env.HUSTINGS_SEAL_KEY?.trim()) {
    throw new NothingToWorkOn('HUSTINGS_SEAL_KEY is not set: an audit bundle is signed with the seal key the regulator is given, never with the development key; set it (see deploy/README.md)');
  }
}

async function readFilings(paths: readonly string[]): Promise<Record<string, string>> {
  const filings: Record<string, string> = {};
  for (const path of paths) {
    const name = basename(path);
    if (name in filings) throw new UsageError(`two filings are named ${name}`);
    filings[name] = await readFile(path, 'utf8');
  }
  return filings;
}

export async function runAuditExportCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let close: (() => Promise<void>) | null = null;
  try {
    const { flags, lists, help } = parseCli(args, { options: ['committee', 'from', 'to', 'out', 'filing'], repeatable: ['filing'] });
    if (help) {
      io.out(HELP);
      return 0;
    }
    const filingPaths = lists.get('filing') ?? [];
    const [committeeId, out] = [flags.get('committee'), flags.get('out')];
    if (!committeeId || !out) throw new UsageError(USAGE);
    const period = auditPeriodOf(flags.get('from'), flags.get('to'));
    if ('problem' in period) throw new UsageError(`${period.problem}; ${USAGE}`);
    if ((await readdir(out).catch(() => [])).length > 0) throw new UsageError(`${out} is not empty`);
    const filings = await readFilings(filingPaths);
    requireSealKey(env);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    requireConfiguredLedger(config);
    const opened = await openLedgerOnly(config);
    close = opened.close;
    const ledger = withReadProgress(opened.ledger, (line) => io.progress?.(line), { label: 'audit:export' });
    const { state } = await loadState(ledger, committeeStreamId(committeeId), committeeFold);
    if (state.status !== 'registered') throw new Error(`committee ${committeeId} does not exist`);
    await mkdir(out, { recursive: true });
    // Written file by file as the ledger is read: the events are never all in memory.
    const manifest = await streamAuditBundle(ledger, sealingKeyFrom(config.sealKey ?? ''), { committeeId, tenantId: state.tenantId, ...period, filings }, directorySink(out));
    ledger.finish();
    io.out(`wrote ${manifest.eventCount} events and ${Object.keys(filings).length} filings of committee ${committeeId} to ${out} (key ${manifest.keyId})`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError || error instanceof NothingToWorkOn ? `audit:export: ${error.message}` : `audit export failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await close?.();
  }
}
