import { ROLES } from '#domain';
import { ApiKeyError, ApiKeyStore, APP_NAMES, ConfigError, loadConfig, openReadModelsOnly, parseCli, requireConfiguredDatabase, UsageError, type CliIo, LOG_FORMAT_HELP } from '#platform';

/**
 * API keys from the command line, against the database of DATABASE_URL (or the embedded one
 * under DATA_DIR, which needs the platform stopped: PGlite has one owner at a time).
 *
 *   keys issue --tenant <tenant> --role <role>[,<role>] [--label <text>]   prints the key once
 *   keys revoke <keyId>
 *   keys list [--tenant <tenant>]
 *
 * Exit codes: 0 done, 2 a usage error, 1 anything else; errors are one line on stderr.
 */
const USAGE = 'usage: keys issue --tenant T --role R[,R] [--label L] | keys revoke KEY_ID | keys list [--tenant T]';

const HELP = `${USAGE}

API keys of the tenants, in the database of DATABASE_URL (or the embedded one under DATA_DIR,
with the platform stopped: it has one owner at a time).

  issue --tenant T --role R[,R] [--label L]   a new key, printed once as JSON on stdout
  revoke KEY_ID                               for good (apps notice within API_KEY_CACHE_MS)
  list [--tenant T]                           keys without their secret, one JSON line each
  ${LOG_FORMAT_HELP}
  -h, --help                                  this text

Roles: ${ROLES.join(', ')}. Exit codes: 0 done, 2 usage error,
1 anything else (nothing configured, a database unreachable, a key unknown).`;

export type { CliIo };

async function run(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HELP);
    return;
  }
  const [command, ...rest] = args;
  const known = { issue: ['tenant', 'role', 'label'], revoke: [], list: ['tenant'] } as Record<string, string[]>;
  if (!command || !(command in known)) throw new UsageError(USAGE);
  const unknownOption = (raw: string): string => `unknown option ${raw}; ${USAGE}`;
  const { positionals: positional, flags } = parseCli(rest, { options: ['tenant', 'role', 'label'], positionals: true, unknownOption });
  const unknown = [...flags.keys()].filter((flag) => !known[command].includes(flag));
  if (unknown.length) throw new UsageError(unknownOption(`--${unknown[0]}`));
  const tenant = flags.get('tenant');
  const roles = flags.get('role')?.split(',').map((r) => r.trim()).filter(Boolean);
  if (command === 'issue' && (!tenant || !roles?.length)) throw new UsageError(`issue needs --tenant and --role; ${USAGE}`);
  if (command === 'revoke' && positional.length !== 1) throw new UsageError(`revoke needs one key id; ${USAGE}`);
  // Every app's settings are accepted: the tool only needs the database's.
  const config = loadConfig({ ...env, HUSTINGS_APPS: undefined, BUS: 'memory' }, [...APP_NAMES]);
  requireConfiguredDatabase(config);
  const { readModels, close } = await openReadModelsOnly(config);
  try {
    const keys = new ApiKeyStore(readModels);
    if (command === 'issue') {
      const issued = await keys.issue(tenant as string, roles as string[], flags.get('label') ?? 'issued by the keys CLI');
      io.out(JSON.stringify({ keyId: issued.keyId, tenantId: issued.tenantId, roles: issued.roles, key: issued.key }));
      (io.warn ?? io.err)('keys: this is the only time the key is shown; store it in your secret manager');
    } else if (command === 'revoke') {
      if (!(await keys.revoke(positional[0]))) throw new ApiKeyError(`no key ${positional[0]}`);
      io.out(JSON.stringify({ keyId: positional[0], revoked: true }));
    } else {
      for (const key of await keys.list(tenant)) io.out(JSON.stringify(key));
    }
  } finally {
    await close();
  }
}

/** Runs one command; answers the exit code. */
export async function runKeysCli(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  try {
    await run(args, env, io);
    return 0;
  } catch (error) {
    const line =
      error instanceof ConfigError ? error.problems.join('; ') : error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.err(`keys: ${line}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
