/**
 * The keys a fold into tables that were empty when it began has written: every other key has
 * no row, so it need not be looked up. Only ever too generous (a key is added before its
 * transaction commits, and past `limit` keys every key may have a row), never too mean: a key
 * answered "may have" is looked up in the table, which holds the truth.
 */
export class WrittenKeys {
  private keys: Set<string> | null = new Set();

  /** Beyond this many keys the set is let go (its memory grows with the rows): every key is then looked up. */
  constructor(private readonly limit = 500_000) {}

  mayHave(key: string): boolean {
    return this.keys === null || this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys === null) return;
    this.keys.add(key);
    if (this.keys.size > this.limit) this.keys = null;
  }
}
