/**
 * Times in a chosen IANA zone, as the Overview and the time-zone toggle show
 * them: `19:00`, `Wed 01-15 19:00`, the zone's short name (`EST`, `UTC`,
 * `GMT+1`), and how far off an instant is (`in 3h 12m`, `5m ago`). Pure
 * (Intl only); tested in vitest.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${timeZone}|${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options });
    formats.set(id, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  const f = format(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }, 'parts');
  for (const part of f.formatToParts(ms)) out[part.type] = part.value;
  return out;
}

/** `HH:MM` of `ms` in `timeZone`. */
export function clockIn(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** `YYYY-MM-DD` of `ms` in `timeZone`. */
export function dateIn(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `HH:MM` when `ms` falls on the same day as `now` in `timeZone`, else `Wed 01-15 HH:MM` (the year too when it differs). */
export function shortTimeIn(ms: number, timeZone: string, now: number): string {
  const p = parts(ms, timeZone);
  const today = parts(now, timeZone);
  const time = `${p.hour}:${p.minute}`;
  if (p.year === today.year && p.month === today.month && p.day === today.day) return time;
  if (p.year === today.year) return `${p.weekday} ${p.month}-${p.day} ${time}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** `YYYY-MM-DD HH:MM:SS` of `ms` in `timeZone` (tooltips, the timeline's details). */
export function timestampIn(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The zone's short name at `ms`: `EST`/`EDT` for New York, `UTC`, else the offset as `GMT+1`. */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
  return f.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** A span as `3h 12m`, `45s`, `2d 4h` (two units at most). */
export function spanText(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 && m < 10 ? ` ${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${m % 60 ? ` ${m % 60}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? ` ${h % 24}h` : ''}`;
}

/** How far `ms` is from `now`: `in 3h 12m`, `5m ago`, or `now` within a second. */
export function relativeText(ms: number, now: number): string {
  if (Math.abs(ms - now) < 1000) return 'now';
  return ms > now ? `in ${spanText(ms - now)}` : `${spanText(now - ms)} ago`;
}
