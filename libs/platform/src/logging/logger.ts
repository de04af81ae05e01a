import type { LoggerService } from '@nestjs/common';
import { pino, stdTimeFunctions, type DestinationStream, type Logger as Pino } from 'pino';

/** The levels LOG_LEVEL takes (Nest's names), and pino's for them. */
export type LogLevelName = 'error' | 'warn' | 'log' | 'debug';
const PINO_LEVELS: Record<LogLevelName, string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/**
 * Fields whose values are never written: keys, secrets, credentials, a donor. The log calls
 * here pass no bodies and no headers; this is the net under them. Top-level fields only: a
 * wildcard (`*.name`) tripled the cost of every line (3 µs to 10-30 µs an access line, measured),
 * and test/structured-logs.e2e.spec.ts proves on every route that nothing nested leaks.
 */
const REDACT_PATHS = ['authorization', 'password', 'secret', 'key', 'apiKey', 'token', 'masterKey', 'sealKey', 'donorIdKey', 'personalData', 'donor', 'email', 'name', 'address'];

export interface LoggerOptions {
  /** What runs in this process (`intake`, `reporting`, `intake+compliance+rewards+reporting`, `keys`...). */
  app: string;
  level: LogLevelName;
  /** Where lines go; standard output by default (through process.stdout, so a test can read it). */
  destination?: DestinationStream;
}

/**
 * One JSON object per line: `level` by name, `time` as an ISO instant, `app`, `msg`, and the
 * fields of the call (`context`, `requestId`, `traceId`, `tenant`, ...). Never colour codes,
 * on a terminal or not: a line is for a collector first.
 */
export function createLogger(options: LoggerOptions): Pino {
  return pino(
    {
      level: PINO_LEVELS[options.level],
      base: { app: options.app },
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  );
}

/** A stack trace as Nest passes it to `error(message, stack, context)`. */
const STACK = /^(.)+\n\s+at .+:\d+:\d+/;

/**
 * Nest's LoggerService on pino: Nest's own lines and every `new Logger(context)` of the apps
 * come out as the same JSON lines, the context in `context`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !STACK.test(rest[rest.length - 1] as string) ? (rest.pop() as string) : undefined;
    const stack = rest.find((p): p is string => typeof p === 'string' && STACK.test(p));
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) fields.err = { type: message.name, msg: message.message, stack: message.stack };
    else if (stack) fields.err = { stack };
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[level](fields, text);
  }
}
