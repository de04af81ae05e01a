import { inLane, isForeground } from './foreground.js';

/**
 * Group commit for one kind of statement: items submitted while a run is in flight wait for
 * the next run and go in it together, so concurrent requests share one round trip (and, on
 * PostgreSQL, one transaction's commit) where each would have made its own. A lone item
 * runs at once. `run` answers one result per item, in order; when it fails, every item of
 * that run fails with its error, as each would have alone. A run goes in the foreground when
 * any of its items was submitted there (foreground.ts).
 */
export class GroupedStatement<I, R> {
  private readonly queue: { item: I; urgent: boolean; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly R[]>,
    private readonly options: { maxItems?: number; maxInFlight?: number } = {},
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, urgent: isForeground(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < (this.options.maxInFlight ?? 1)) {
      const batch = this.queue.splice(0, this.options.maxItems ?? 500);
      this.inFlight += 1;
      void inLane(batch.some((entry) => entry.urgent), () => this.run(batch.map((entry) => entry.item)))
        .then(
          (results) => {
            if (results.length !== batch.length) throw new Error(`a grouped statement answered ${results.length} results for ${batch.length} items`);
            batch.forEach((entry, index) => entry.resolve(results[index]));
          },
        )
        .catch((error: unknown) => batch.forEach((entry) => entry.reject(error)))
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }
}

/**
 * Runs a group of callers' work together, and when that fails and the group held more than one,
 * each caller's alone, in the order they came: work that cannot succeed then fails by itself and
 * holds up no other caller. Answers one result per item, or the error that item met.
 */
export async function togetherOrEachAlone<I, R>(items: readonly I[], run: (items: readonly I[]) => Promise<readonly R[]>): Promise<(R | Error)[]> {
  try {
    const results = await run(items);
    if (results.length !== items.length) throw new Error(`a grouped run answered ${results.length} results for ${items.length} items`);
    return [...results];
  } catch (error) {
    if (items.length === 1) return [asError(error)];
  }
  const results: (R | Error)[] = [];
  for (const item of items) {
    try {
      const [result] = await run([item]);
      results.push(result);
    } catch (error) {
      results.push(asError(error));
    }
  }
  return results;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
