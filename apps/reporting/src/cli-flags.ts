import { parseCli, UsageError, type CliIo } from '#platform';

export { UsageError, type CliIo };

/**
 * `--name value` pairs and bare `--switch`es (those listed in `switches`); anything else,
 * a flag twice or an unknown flag, is a usage error. (`--help` is looked for by parseCli first.)
 */
export function parseFlags(args: readonly string[], known: readonly string[], switches: readonly string[] = []): Map<string, string> {
  return parseCli(args, { options: known, switches }).flags;
}
