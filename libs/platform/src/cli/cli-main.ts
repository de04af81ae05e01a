import { createLogger } from '../logging/logger.js';
import { UsageError, type CliIo } from './cli-args.js';

/** How a tool writes its diagnostics: `text` for a person at a terminal, `json` for a collector. */
export type CliLogFormat = 'text' | 'json';

const FORMATS: readonly CliLogFormat[] = ['text', 'json'];

interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `--log-format text|json` (anywhere on the line, taken off before the tool reads it), else
 * LOG_FORMAT, else text on a terminal and JSON otherwise: a tool run by a person reads as a
 * sentence, one run by a scheduler or a pipeline as the apps' own log lines.
 */
export function cliLogFormat(args: readonly string[], env: Record<string, string | undefined>, stderrIsTty: boolean): { format: CliLogFormat; args: string[] } {
  const rest: string[] = [];
  let given: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--log-format') {
      if (given !== undefined) throw new UsageError('--log-format given twice');
      given = args[index + 1] ?? '';
      index += 1;
    } else if (arg.startsWith('--log-format=')) {
      if (given !== undefined) throw new UsageError('--log-format given twice');
      given = arg.slice('--log-format='.length);
    } else rest.push(arg);
  }
  const chosen = given ?? env.LOG_FORMAT;
  if (chosen !== undefined && !FORMATS.includes(chosen as CliLogFormat)) {
    throw new UsageError(`${given !== undefined ? '--log-format' : 'LOG_FORMAT'} must be text or json, not ${JSON.stringify(chosen)}`);
  }
  return { format: (chosen as CliLogFormat | undefined) ?? (stderrIsTty ? 'text' : 'json'), args: rest };
}

/** Diagnostics are one line each, whatever a message held: a collector and a person both read lines. */
const oneLine = (line: string): string => line.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The io of a tool: results on stdout as they are; errors, warnings and progress on stderr,
 * one line each, as text or through the same pino logger the apps log with (`app` is the tool).
 */
export function cliIo(tool: string, format: CliLogFormat, streams: Streams, options: { progress?: boolean } = {}): CliIo {
  const out = (line: string): void => void streams.stdout.write(`${line}\n`);
  if (format === 'text') {
    // Named, so that a line in a shell script's output says which tool wrote it.
    const named = (line: string): string => (line.startsWith(tool) ? oneLine(line) : `${tool}: ${oneLine(line)}`);
    const say = (line: string): void => void streams.stderr.write(`${named(line)}\n`);
    return { out, err: say, warn: say, ...(options.progress ? { progress: say } : {}) };
  }
  const logger = createLogger({ app: tool, level: 'log', destination: streams.stderr });
  return {
    out,
    err: (line) => logger.error(oneLine(line)),
    warn: (line) => logger.warn(oneLine(line)),
    ...(options.progress ? { progress: (line: string) => logger.info(oneLine(line)) } : {}),
  };
}

/**
 * The whole life of a tool's process: the log format chosen, the tool run, its exit code the
 * process's. A failure the tool did not catch is still one line and exit 1, never a stack trace.
 */
export async function cliMain(
  tool: string,
  run: (args: string[], env: Record<string, string | undefined>, io: CliIo) => Promise<number>,
  options: { progress?: boolean; argv?: readonly string[]; env?: Record<string, string | undefined>; streams?: Streams } = {},
): Promise<number> {
  const streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
  const env = options.env ?? process.env;
  let chosen: { format: CliLogFormat; args: string[] };
  try {
    chosen = cliLogFormat(options.argv ?? process.argv.slice(2), env, Boolean(streams.stderr.isTTY));
  } catch (error) {
    streams.stderr.write(`${tool}: ${(error as Error).message}\n`);
    return 2;
  }
  const io = cliIo(tool, chosen.format, streams, options);
  try {
    return await run(chosen.args, env, io);
  } catch (error) {
    io.err(`${tool} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** The line every tool's --help gives the option that cliMain reads. */
export const LOG_FORMAT_HELP = '--log-format F     errors and progress on stderr as text or JSON lines (LOG_FORMAT; default text on a terminal, JSON otherwise)';
