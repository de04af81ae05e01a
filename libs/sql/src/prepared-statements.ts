import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Which statement texts a process sends as named (prepared) statements. A statement sent
 * unnamed is parsed, analysed and planned by the server on every call; a named one is parsed
 * and analysed once per connection (and still planned per call: `CUSTOM_PLANS` below). A text
 * is named once it has been sent `nameAfter` times, so statements built once (schema set-up, a
 * query whose text varies with its input) stay unnamed, and at most `maxNamed` texts are ever
 * named, so the statements each connection keeps on the server stay bounded whatever the
 * callers send.
 */
export class StatementNames {
  private readonly named = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly maxNamed = 256,
    private readonly nameAfter = 3,
    private readonly maxCounted = 4096,
  ) {}

  /** The name to send `text` under, or null to send it unnamed. */
  nameFor(text: string): string | null {
    const name = this.named.get(text);
    if (name !== undefined) return name;
    if (this.named.size >= this.maxNamed) return null;
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count < this.nameAfter) {
      // Counting is bounded too: texts that never came back are forgotten together.
      if (this.seen.size >= this.maxCounted) this.seen.clear();
      this.seen.set(text, count);
      return null;
    }
    this.seen.delete(text);
    const generation = this.generations.get(text) ?? 0;
    const fresh = `h${createHash('sha1').update(text).digest('hex').slice(0, 24)}${generation === 0 ? '' : `_${generation}`}`;
    this.named.set(text, fresh);
    return fresh;
  }

  /**
   * The statement named for `text` can no longer run on some connection (its tables changed
   * the rows it returns): the next call prepares it again, under a new name.
   */
  forget(text: string): void {
    if (!this.named.delete(text)) return;
    this.generations.set(text, (this.generations.get(text) ?? 0) + 1);
  }
}

/** SQLSTATE 0A000 with this message: a prepared statement's result type changed under it. */
export function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}

type Callback = (error: Error | null, result?: unknown) => void;
type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** One per process: every pool of the process names the same texts the same way. */
const processNames = new StatementNames();

/**
 * Its sessions plan every execution with its own parameters (`plan_cache_mode`), as an unnamed
 * statement is: a generic plan made once per connection would be made while a table is still
 * small (a fresh database, the first minute of a surge) and kept until the table is analysed
 * again, a scan of every row where an index lookup was meant (`key = ANY($1)` on a table
 * that grows by hundreds of rows a second). What a name saves is the parsing and analysis.
 */
const CUSTOM_PLANS = '-c plan_cache_mode=force_custom_plan';

function withCustomPlans(config?: string | pg.ClientConfig): pg.ClientConfig {
  const given: pg.ClientConfig = typeof config === 'string' ? { connectionString: config } : { ...config };
  // Options named in a connection string's query take precedence over these (pg's rule).
  return { ...given, options: given.options ? `${given.options} ${CUSTOM_PLANS}` : CUSTOM_PLANS };
}

/**
 * A `pg` client that sends a statement with parameters under a name once its text is hot
 * (`StatementNames`); everything else goes through unchanged. Given to a pool as its `Client`
 * (`new pg.Pool({ Client })`, TypeORM's `extra.Client`).
 */
export function preparingClient(names: StatementNames = processNames): typeof pg.Client {
  class PreparingClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(withCustomPlans(config));
    }
  }
  const send = pg.Client.prototype.query as unknown as QueryFn;
  const query: QueryFn = function (this: pg.Client, config, values, callback) {
    const name = typeof config === 'string' && Array.isArray(values) ? names.nameFor(config) : null;
    if (name === null) return send.call(this, config, values, callback);
    const text = config as string;
    if (typeof callback === 'function') {
      return send.call(this, { name, text, values }, (error: Error | null, result?: unknown) => {
        if (error && isStalePlan(error)) names.forget(text);
        (callback as Callback)(error, result);
      });
    }
    return (send.call(this, { name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if (isStalePlan(error)) names.forget(text);
      throw error;
    });
  };
  Object.defineProperty(PreparingClient.prototype, 'query', { value: query, writable: true, configurable: true });
  return PreparingClient;
}

/** The client class of every pool of this process that prepares its hot statements. */
export const PreparingClient = preparingClient();
