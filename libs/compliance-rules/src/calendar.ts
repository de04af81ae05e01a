const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/;

/**
 * The UTC calendar day of an instant (or the day itself). Slicing the text would take the
 * local day of an instant written with an offset; an instant without a zone is refused
 * (null), since its day would depend on the machine's time zone and a replay elsewhere could
 * pick another pack or another deadline. A legal date (a contribution's date, a deadline, a
 * report period) is never this day but the committee's: dayInZone.
 */
export function utcDayOf(at: string): string | null {
  const time = DAY.test(at) || INSTANT_WITH_ZONE.test(at) ? Date.parse(at) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}
