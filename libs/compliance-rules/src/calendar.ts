const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The UTC calendar day of an instant (or the day itself). Slicing the text would take the
 * local day of an instant written with an offset; an instant without a zone is refused
 * (null), since its day would depend on the machine's time zone and a replay elsewhere could
 * pick another pack or another deadline.
 */
export function utcDayOf(at: string): string | null {
  const time = DAY.test(at) || INSTANT_WITH_ZONE.test(at) ? Date.parse(at) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

/**
 * The last day of a legal period of `days` days counted from the day a donation was received
 * (UTC): received on 1 March, "within 10 days" ends on 11 March. Counted from the receipt,
 * never from the moment compliance got round to deciding, so a late decision or a replay
 * gives the same date.
 */
export function dueOn(receivedAt: string, days: number): string {
  const day = utcDayOf(receivedAt);
  if (day === null) throw new RangeError(`receivedAt ${receivedAt} is not an instant with a time zone`);
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}
