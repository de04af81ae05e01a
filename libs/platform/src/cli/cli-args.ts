import { parseArgs } from 'node:util';

/** A command line the CLI cannot act on: exit 2, one line on stderr. */
export class UsageError extends Error {}

/** What a command-line tool writes: results on `out`, diagnostics on `err`, progress (when given) on `progress`. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Something the operator must notice that is not a failure (a key shown once); `err` when not given. */
  warn?(line: string): void;
  /** Where a long run says how far it has got; tools stay quiet when it is not given. */
  progress?(line: string): void;
}

export interface ParsedCli {
  /** `--name value` (or `--name=value`) options, and switches as `'true'`. */
  flags: Map<string, string>;
  /** The values of the options that may be given again (`spec.repeatable`), in order. */
  lists: Map<string, string[]>;
  positionals: string[];
  /** `--help` or `-h` was given: print the usage and exit 0, whatever else the line says. */
  help: boolean;
}

/**
 * node:util parseArgs with the refusals an operator can act on: an unknown argument, an option
 * without its value (a following `--flag` is not a value), an option given twice, and words
 * where none are expected are each a UsageError naming the argument.
 */
export function parseCli(
  args: readonly string[],
  spec: { options: readonly string[]; switches?: readonly string[]; repeatable?: readonly string[]; positionals?: boolean; unknownOption?: (rawName: string) => string },
): ParsedCli {
  const switches = spec.switches ?? [];
  if (args.includes('--help') || args.includes('-h')) return { flags: new Map(), lists: new Map(), positionals: [], help: true };
  const options = Object.fromEntries([...spec.options.map((name) => [name, { type: 'string' as const }]), ...switches.map((name) => [name, { type: 'boolean' as const }])]);
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!spec.positionals) throw new UsageError(`unknown argument ${token.value}`);
      positionals.push(token.value);
      continue;
    }
    const known = spec.options.includes(token.name);
    if (!known && !switches.includes(token.name)) throw new UsageError(spec.unknownOption?.(token.rawName) ?? `unknown argument ${token.rawName}`);
    const repeatable = spec.repeatable?.includes(token.name) ?? false;
    if (flags.has(token.name) && !repeatable) throw new UsageError(`${token.rawName} given twice`);
    if (!known) {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      flags.set(token.name, 'true');
      continue;
    }
    if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('--'))) throw new UsageError(`${token.rawName} needs a value`);
    flags.set(token.name, token.value);
    if (repeatable) lists.set(token.name, [...(lists.get(token.name) ?? []), token.value]);
  }
  return { flags, lists, positionals, help: false };
}
