/** A command line the CLI cannot act on: exit 2, one line on stderr. */
export class UsageError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `--name value` pairs and bare `--switch`es (those listed in `switches`); anything else,
 * a flag twice or an unknown flag, is a usage error.
 */
export function parseFlags(args: readonly string[], known: readonly string[], switches: readonly string[] = []): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (!known.includes(name) && !switches.includes(name)) throw new UsageError(`unknown argument ${arg}`);
    if (flags.has(name)) throw new UsageError(`${arg} given twice`);
    if (switches.includes(name)) {
      flags.set(name, 'true');
      continue;
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
    flags.set(name, value);
  }
  return flags;
}
