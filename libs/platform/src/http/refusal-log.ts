/**
 * Rate-limit refusals are logged summarised, not one line each: a flood of 429s must not
 * flood the log (and the disk, and whoever reads it). Per key (an API key id or a client
 * address), the first refusal of an interval is logged at once; the rest are counted, and the
 * next refusal after the interval logs how many there were since. Pure: the caller keeps the
 * state and the clock.
 */
export interface RefusalTally {
  /** When the last line for this key was written. */
  loggedAtMs: number;
  /** Refusals since that line. */
  unlogged: number;
}

export function noteRefusal(tally: RefusalTally | undefined, nowMs: number, intervalMs: number): { tally: RefusalTally; line: { refused: number; sinceMs: number } | null } {
  if (tally === undefined) return { tally: { loggedAtMs: nowMs, unlogged: 0 }, line: { refused: 1, sinceMs: 0 } };
  if (nowMs - tally.loggedAtMs < intervalMs) return { tally: { ...tally, unlogged: tally.unlogged + 1 }, line: null };
  return { tally: { loggedAtMs: nowMs, unlogged: 0 }, line: { refused: tally.unlogged + 1, sinceMs: nowMs - tally.loggedAtMs } };
}
