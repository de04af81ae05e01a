import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { committeeStreamId } from '#contracts';
import { committeeFold } from '#domain';
import { exportAuditBundle, loadState, sealingKeyFrom } from '#ledger';
import { ConfigError, loadConfig, openLedgerOnly } from '#platform';
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

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

function flagsOf(args: string[]): { flags: Map<string, string>; filings: string[] } {
  const flags = new Map<string, string>();
  const filings: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flag === '--filing') filings.push(value);
    else flags.set(flag.slice(2), value);
  }
  return { flags, filings };
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
    const { flags, filings: filingPaths } = flagsOf(args);
    const [committeeId, out] = [flags.get('committee'), flags.get('out')];
    if (!committeeId || !out) throw new UsageError(USAGE);
    const period = auditPeriodOf(flags.get('from'), flags.get('to'));
    if ('problem' in period) throw new UsageError(`${period.problem}; ${USAGE}`);
    if ((await readdir(out).catch(() => [])).length > 0) throw new UsageError(`${out} is not empty`);
    const filings = await readFilings(filingPaths);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    const opened = await openLedgerOnly(config);
    close = opened.close;
    const { state } = await loadState(opened.ledger, committeeStreamId(committeeId), committeeFold);
    if (state.status !== 'registered') throw new Error(`committee ${committeeId} does not exist`);
    const files = await exportAuditBundle(opened.ledger, sealingKeyFrom(config.sealKey ?? ''), { committeeId, tenantId: state.tenantId, ...period, filings });
    await mkdir(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(out, name), content);
    const manifest = JSON.parse(files['manifest.json']) as { eventCount: number; keyId: string };
    io.out(`wrote ${manifest.eventCount} events and ${Object.keys(filings).length} filings of committee ${committeeId} to ${out} (key ${manifest.keyId})`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    io.err(error instanceof ConfigError ? error.message : `audit export failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await close?.();
  }
}
