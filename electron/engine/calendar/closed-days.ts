/**
 * A trading calendar's closed days over a range, each as the span it covers
 * in the exchange's zone (what the schedule timeline shades), and its early
 * closes. NYSE trades in New York; a calendar without an exchange of its own
 * (WEEKDAYS) is read in the zone asked for, else UTC.
 */
import type { CalendarDays, ClosedDay } from '../../../shared/overview-model.js';
import { zonedMidnight } from '../../../shared/zone-offset.js';
import { addDays, isWeekendDayNumber, toDayNumber } from './civil-date.js';
import type { TradingCalendar } from './trading-calendar.js';

/** The zone each exchange calendar keeps its days in. */
const EXCHANGE_ZONES: Readonly<Record<string, string>> = { NYSE: 'America/New_York' };

/** The zone `calendar`'s days are read in (`fallback` for a calendar without an exchange). */
export function calendarZone(calendar: TradingCalendar, fallback = 'UTC'): string {
  return EXCHANGE_ZONES[calendar.name] ?? fallback;
}

/** Closed days and early closes of `calendar` from `from` to `to` (YYYY-MM-DD, both inclusive; callers bound the span). */
export function closedDays(calendar: TradingCalendar, from: string, to: string, fallbackZone?: string): CalendarDays {
  const timezone = calendarZone(calendar, fallbackZone);
  const closed: ClosedDay[] = [];
  const holidayNames = new Map<string, string>();
  const earlyCloses: Array<{ date: string; name: string }> = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of calendar.holidays(year)) holidayNames.set(h.date, h.name);
    for (const e of calendar.earlyCloses(year)) if (e.date >= from && e.date <= to) earlyCloses.push({ date: e.date, name: e.name });
  }
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (calendar.isTradingDay(date)) continue;
    const weekend = isWeekendDayNumber(toDayNumber(date));
    closed.push({
      date,
      why: weekend ? 'weekend' : 'holiday',
      name: weekend ? null : (holidayNames.get(date) ?? null),
      startsAt: zonedMidnight(date, timezone),
      endsAt: zonedMidnight(addDays(date, 1), timezone),
    });
  }
  return { calendar: calendar.name, timezone, from, to, closed, earlyCloses };
}
