/**
 * Calendar dates as plain 'YYYY-MM-DD' strings, with day arithmetic done on
 * integer day numbers (days since 1970-01-01, proleptic Gregorian).
 *
 * Why no `Date`: a trading calendar is about civil dates, not instants. `new
 * Date('2024-03-28')` is UTC midnight, which is still the 27th in New York, and
 * local-time getters shift with DST and the host's zone. Integer day numbers
 * (Howard Hinnant's days_from_civil / civil_from_days) have none of that.
 * Years are limited to 1..9999 so every date keeps the four-digit form.
 */

/** A civil date split into numbers; month and day are 1-based. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (same numbering as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Named weekdays, so rules read as "third Monday" rather than "third 1". */
export const SUNDAY = 0, MONDAY = 1, THURSDAY = 4, FRIDAY = 5, SATURDAY = 6;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a whole year the calendar can represent (1..9999). */
export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999;
}

/** Throws a RangeError unless `year` is an integer in 1..9999. */
export function assertYear(year: number): void {
  if (!isSupportedYear(year)) throw new RangeError(`Expected a whole year between 1 and 9999, got ${String(year)}`);
}

/** Days in `month` (1-12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a strict 'YYYY-MM-DD' string; returns null for anything else, including 2023-02-29. */
export function parseCivilDate(text: string): CivilDate | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]), month = Number(match[2]), day = Number(match[3]);
  if (!isSupportedYear(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when `text` is a real calendar date written as 'YYYY-MM-DD'. */
export function isCivilDate(text: string): boolean {
  return parseCivilDate(text) !== null;
}

/** Parses 'YYYY-MM-DD' or throws a RangeError naming the bad value (a caller bug, not user input). */
export function requireCivilDate(text: string): CivilDate {
  const parsed = typeof text === 'string' ? parseCivilDate(text) : null;
  if (!parsed) throw new RangeError(`Expected a calendar date written as YYYY-MM-DD (e.g. 2024-03-28), got ${JSON.stringify(text)}`);
  return parsed;
}

/** Formats numbers as 'YYYY-MM-DD' (no validation; use with values from this module). */
export function formatCivilDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day number of a civil date: days since 1970-01-01 (negative before it). */
export function dayNumberOf(date: CivilDate): number {
  const y = date.month <= 2 ? date.year - 1 : date.year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5) + date.day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Civil date of a day number (inverse of `dayNumberOf`). */
export function civilDateOf(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a 'YYYY-MM-DD' string; throws RangeError on a malformed date. */
export function toDayNumber(text: string): number {
  return dayNumberOf(requireCivilDate(text));
}

/** 'YYYY-MM-DD' string of a day number. */
export function fromDayNumber(dayNumber: number): string {
  const { year, month, day } = civilDateOf(dayNumber);
  return formatCivilDate(year, month, day);
}

/** Weekday of a day number; 1970-01-01 (day 0) was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): Weekday {
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

/** Weekday of a 'YYYY-MM-DD' string. */
export function weekdayOf(text: string): Weekday {
  return weekdayOfDayNumber(toDayNumber(text));
}

/** True for Saturday and Sunday. */
export function isWeekendDayNumber(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday === SATURDAY || weekday === SUNDAY;
}

/** Adds (or with a negative count, subtracts) whole days to a 'YYYY-MM-DD' string. */
export function addDays(text: string, days: number): string {
  return fromDayNumber(toDayNumber(text) + days);
}

/** The `n`th (1-based) given weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): string {
  const first = dayNumberOf({ year, month, day: 1 });
  const offset = (weekday - weekdayOfDayNumber(first) + 7) % 7;
  return fromDayNumber(first + offset + (n - 1) * 7);
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): string {
  const last = dayNumberOf({ year, month, day: daysInMonth(year, month) });
  return fromDayNumber(last - ((weekdayOfDayNumber(last) - weekday + 7) % 7));
}

/** Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatCivilDate(year, month, day);
}
