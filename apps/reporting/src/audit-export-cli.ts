import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { committeeStreamId } from '#contracts';
import { committeeFold } from '#domain';
import { exportAuditBundle, loadState, sealingKeyFrom } from '#ledger';
import { ConfigError, loadConfig, openLedgerOnly } from '#platform';
import { auditPeriodOf } from './audit-request.js';

/**
 * audit:export --committee <id> --from <ISO> --to <ISO> --out <empty or new directory>
 *
 * Seals the ledger up to its head (with HUSTINGS_SEAL_KEY, as reporting does), then writes the
 * committee's audit bundle. The embedded ledger has one owner at a time: stop the platform
 * first. Exit codes: 0 written, 2 a usage error, 1 anything else; errors are one line on stderr.
 */
const USAGE = 'usage: audit:export --committee ID --from ISO --to ISO --out DIR';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

function flagsOf(args: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    flags.set(flag.slice(2), value);
  }
  return flags;
}

export async function runAuditExportCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let close: (() => Promise<void>) | null = null;
  try {
    const flags = flagsOf(args);
    const [committeeId, out] = [flags.get('committee'), flags.get('out')];
    if (!committeeId || !out) throw new UsageError(USAGE);
    const period = auditPeriodOf(flags.get('from'), flags.get('to'));
    if ('problem' in period) throw new UsageError(`${period.problem}; ${USAGE}`);
    if ((await readdir(out).catch(() => [])).length > 0) throw new UsageError(`${out} is not empty`);
    const config = loadConfig({ ...env, HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' }, ['reporting']);
    const opened = await openLedgerOnly(config);
    close = opened.close;
    const { state } = await loadState(opened.ledger, committeeStreamId(committeeId), committeeFold);
    if (state.status !== 'registered') throw new Error(`committee ${committeeId} does not exist`);
    const files = await exportAuditBundle(opened.ledger, sealingKeyFrom(config.sealKey ?? ''), { committeeId, tenantId: state.tenantId, ...period });
    await mkdir(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(out, name), content);
    const manifest = JSON.parse(files['manifest.json']) as { eventCount: number; keyId: string };
    io.out(`wrote ${manifest.eventCount} events of committee ${committeeId} to ${out} (key ${manifest.keyId})`);
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
