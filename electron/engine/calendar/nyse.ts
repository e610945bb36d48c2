/**
 * The New York Stock Exchange calendar, computed from the exchange's rules
 * (NYSE Rule 7.2) rather than from a list that goes stale.
 *
 * Full-day closures, each on its date unless shifted:
 *   New Year's Day (Jan 1) · Martin Luther King Jr. Day (3rd Monday of January,
 *   from 1998) · Washington's Birthday (3rd Monday of February) · Good Friday
 *   (Easter Sunday − 2, anonymous Gregorian algorithm) · Memorial Day (last
 *   Monday of May) · Juneteenth (June 19, from 2022) · Independence Day (July 4)
 *   · Labor Day (1st Monday of September) · Thanksgiving (4th Thursday of
 *   November) · Christmas (Dec 25).
 * Observed shifts for the fixed-date holidays: Sunday → the Monday after;
 * Saturday → the Friday before, EXCEPT New Year's Day on a Saturday, which is
 * not observed at all (the exchange stays open on Dec 31 so the year-end
 * close is not lost). One-off closures (mourning days, storms) come from
 * nyse-special-closures.ts.
 *
 * Early closes at 13:00 ET, only on days that are otherwise trading days:
 *   the day after Thanksgiving · Christmas Eve (Dec 24) on a weekday · July 3
 *   on a weekday when July 4 is also a weekday (so never when July 3 is itself
 *   the observed holiday). Matches the exchange's published 2022–2028 lists.
 *
 * Not modelled: pre-1998 practice (Election Day closures, the 1968 paperwork
 * crisis, pre-1971 Monday-holiday rules) and ad-hoc early closes.
 */
import {
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  addDays,
  assertYear,
  easterSunday,
  formatCivilDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayOf,
} from './civil-date.js';
import { NYSE_SPECIAL_CLOSURES } from './nyse-special-closures.js';
import {
  createTradingCalendar,
  type CalendarRules,
  type CloseTime,
  type EarlyClose,
  type Holiday,
  type TradingCalendar,
} from './trading-calendar.js';

/** First year NYSE closed for Martin Luther King Jr. Day. */
export const NYSE_MLK_FIRST_YEAR = 1998;
/** First year NYSE closed for Juneteenth. */
export const NYSE_JUNETEENTH_FIRST_YEAR = 2022;

/** Where a fixed-date holiday is observed, or null when it is not (New Year's Day on a Saturday). */
function observed(date: string, saturdayGoesToFriday: boolean): string | null {
  const weekday = weekdayOf(date);
  if (weekday === SUNDAY) return addDays(date, 1);
  if (weekday === SATURDAY) return saturdayGoesToFriday ? addDays(date, -1) : null;
  return date;
}

function fixed(year: number, month: number, day: number, name: string, saturdayGoesToFriday = true): Holiday[] {
  const date = observed(formatCivilDate(year, month, day), saturdayGoesToFriday);
  return date ? [{ date, name }] : [];
}

function ruleHolidays(year: number): Holiday[] {
  return [
    ...fixed(year, 1, 1, "New Year's Day", false),
    ...(year >= NYSE_MLK_FIRST_YEAR
      ? [{ date: nthWeekdayOfMonth(year, 1, MONDAY, 3), name: 'Martin Luther King Jr. Day' }]
      : []),
    { date: nthWeekdayOfMonth(year, 2, MONDAY, 3), name: "Washington's Birthday" },
    { date: addDays(easterSunday(year), -2), name: 'Good Friday' },
    { date: lastWeekdayOfMonth(year, 5, MONDAY), name: 'Memorial Day' },
    ...(year >= NYSE_JUNETEENTH_FIRST_YEAR ? fixed(year, 6, 19, 'Juneteenth National Independence Day') : []),
    ...fixed(year, 7, 4, 'Independence Day'),
    { date: nthWeekdayOfMonth(year, 9, MONDAY, 1), name: 'Labor Day' },
    { date: nthWeekdayOfMonth(year, 11, THURSDAY, 4), name: 'Thanksgiving Day' },
    ...fixed(year, 12, 25, 'Christmas Day'),
  ];
}

function isWeekdayOpen(date: string, closed: ReadonlySet<string>): boolean {
  const weekday = weekdayOf(date);
  return weekday !== SATURDAY && weekday !== SUNDAY && !closed.has(date);
}

/** The NYSE rules in the form `createTradingCalendar` consumes. */
export const NYSE_RULES: CalendarRules = {
  name: 'NYSE',
  closures(year) {
    const prefix = `${String(year).padStart(4, '0')}-`;
    const special = NYSE_SPECIAL_CLOSURES.filter((c) => c.date.startsWith(prefix));
    const byDate = new Map<string, Holiday>();
    for (const holiday of [...ruleHolidays(year), ...special]) if (!byDate.has(holiday.date)) byDate.set(holiday.date, holiday);
    return [...byDate.values()];
  },
  earlyCloses(year, closed) {
    const candidates: EarlyClose[] = [];
    const july3 = formatCivilDate(year, 7, 3);
    const july4Weekday = weekdayOf(formatCivilDate(year, 7, 4));
    if (july4Weekday !== SATURDAY && july4Weekday !== SUNDAY) {
      candidates.push({ date: july3, closeTime: '13:00', name: 'Day before Independence Day' });
    }
    const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
    candidates.push({ date: addDays(thanksgiving, 1), closeTime: '13:00', name: 'Day after Thanksgiving' });
    candidates.push({ date: formatCivilDate(year, 12, 24), closeTime: '13:00', name: 'Christmas Eve' });
    return candidates.filter((c) => isWeekdayOpen(c.date, closed));
  },
};

/** The NYSE trading calendar. */
export const NYSE: TradingCalendar = createTradingCalendar(NYSE_RULES);

/** NYSE full-day closures in `year` (rule holidays after observed shifts, plus one-off closures), ascending. */
export function nyseHolidays(year: number): Holiday[] {
  assertYear(year);
  return NYSE.holidays(year);
}

/** NYSE 13:00 ET early closes in `year`, ascending. */
export function nyseEarlyCloses(year: number): EarlyClose[] {
  return NYSE.earlyCloses(year);
}

/** True when NYSE trades on `date` ('YYYY-MM-DD'). */
export function isTradingDay(date: string): boolean {
  return NYSE.isTradingDay(date);
}

/** The first NYSE trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  return NYSE.nextTradingDay(date);
}

/** The last NYSE trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  return NYSE.previousTradingDay(date);
}

/** NYSE trading days from `from` to `to`, inclusive and ascending; empty when `from` is after `to`. */
export function tradingDaysBetween(from: string, to: string): string[] {
  return NYSE.tradingDaysBetween(from, to);
}

/** NYSE close time on `date`: '16:00', '13:00' for an early close, or null when closed. */
export function closeTimeOn(date: string): CloseTime | null {
  return NYSE.closeTimeOn(date);
}
