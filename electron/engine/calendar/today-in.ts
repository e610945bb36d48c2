/** Today's civil date in an IANA zone, the one place Tickwork turns an instant into "which day is it there". */

/** Today's date (YYYY-MM-DD) in `timeZone` at `now`. */
export function todayIn(timeZone: string, now: number): string {
  if (timeZone === 'UTC') return new Date(now).toISOString().slice(0, 10);
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** One formatter per zone: building one costs ~50× formatting with it, and schedules ask per slot. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
