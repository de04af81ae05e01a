/** Where a ledger event stands: its global position and when the ledger recorded it. */
export interface LedgerMark {
  position: number;
  recordedAt: string;
}

/** What reporting has not applied yet, measured from the ledger (not from the wall clock of a poll). */
export interface ReportingLag {
  /** Seconds since the oldest event reporting has not applied was recorded; 0 when caught up. */
  seconds: number;
  /** Events of the kinds the projection applies, recorded after its checkpoint. */
  events: number;
  /** True when the count stopped at the read's limit, so `events` is a floor. */
  atLeast: boolean;
  /** The position the projection applied last (the highest over its source partitions), null before any. */
  appliedPosition: number | null;
  /** The ledger's last position, null when it is empty. */
  headPosition: number | null;
}

export interface ReportingLagInput {
  /** Checkpoints of one projection, one per source partition (a Kafka partition, or the ledger). */
  checkpoints: readonly number[];
  head: number | null;
  /** The events it applies recorded after the highest checkpoint, oldest first, as many as were read. */
  unapplied: readonly LedgerMark[];
  /** How many unapplied events the read was allowed to return. */
  readLimit: number;
  now: Date;
}

/** The highest checkpoint: partitions deliver in order, so nothing at or before it is waiting there. */
export const appliedPositionOf = (checkpoints: readonly number[]): number | null => {
  const positive = checkpoints.filter((position) => position > 0);
  return positive.length === 0 ? null : Math.max(...positive);
};

/**
 * The lag between intake and reporting: the time since the oldest unapplied event was recorded
 * and how many there are. An event whose kind the projection ignores is never "unapplied", so
 * a ledger that ends in rewards events still reads as caught up.
 */
export function reportingLag(input: ReportingLagInput): ReportingLag {
  const oldest = input.unapplied[0];
  const seconds = oldest ? Math.max(0, Math.floor((input.now.getTime() - Date.parse(oldest.recordedAt)) / 1000)) : 0;
  return {
    seconds,
    events: input.unapplied.length,
    atLeast: input.unapplied.length >= input.readLimit,
    appliedPosition: appliedPositionOf(input.checkpoints),
    headPosition: input.head,
  };
}

/** The worse of two projections' lags: the dashboard is as stale as its stalest figure. */
export const worseLag = (a: ReportingLag, b: ReportingLag): ReportingLag =>
  a.seconds > b.seconds || (a.seconds === b.seconds && a.events >= b.events) ? a : b;
