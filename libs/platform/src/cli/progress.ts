import type { LedgerStore } from '#ledger';

/**
 * The ledger with its reads counted: every `readAll` page a long tool reads (a replay, an
 * export, a report folded from the ledger) moves a counter, and at most once per `everyMs`
 * the count and the position reached against the head are told to `say`. Writes are untouched.
 */
export function withReadProgress(ledger: LedgerStore, say: (line: string) => void, options: { label: string; everyMs?: number; now?: () => number } = { label: 'read' }): LedgerStore & { finish(): void } {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 1000;
  let events = 0;
  let lastSaid = now();
  let head: number | null | undefined;
  const tell = (position: number | undefined): void => {
    const of = head === undefined || head === null ? '' : ` of head ${head}`;
    say(`${options.label}: ${events} events read${position === undefined ? '' : `, at position ${position}${of}`}`);
  };
  const readAll: LedgerStore['readAll'] = async (readOptions) => {
    if (head === undefined) head = await ledger.headPosition();
    const page = await ledger.readAll(readOptions);
    events += page.length;
    if (now() - lastSaid >= everyMs) {
      lastSaid = now();
      tell(page.at(-1)?.position);
    }
    return page;
  };
  return new Proxy(ledger, {
    get(target, property, receiver) {
      if (property === 'readAll') return readAll;
      if (property === 'finish') return () => events > 0 && tell(undefined);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as LedgerStore & { finish(): void };
}

/** Progress lines on stderr, beside the result on stdout (never mixed into it). */
export function stderrProgress(stream: NodeJS.WritableStream = process.stderr): (line: string) => void {
  return (line) => void stream.write(`${line}\n`);
}
