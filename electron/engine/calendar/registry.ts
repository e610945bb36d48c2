/**
 * Trading calendars by the name config uses (`calendar: NYSE`). Lookup ignores
 * case and surrounding spaces so `nyse` works too; `calendarNames()` feeds
 * did-you-mean messages when a name is unknown.
 */
import { NYSE } from './nyse.js';
import { createTradingCalendar, type TradingCalendar } from './trading-calendar.js';

/** Monday to Friday, every week, with no holidays and no early closes. */
export const WEEKDAYS: TradingCalendar = createTradingCalendar({
  name: 'WEEKDAYS',
  closures: () => [],
  earlyCloses: () => [],
});

const CALENDARS: ReadonlyMap<string, TradingCalendar> = new Map(
  [NYSE, WEEKDAYS].map((calendar) => [calendar.name.toUpperCase(), calendar] as const),
);

/** The registered calendar called `name` (case-insensitive), or undefined. */
export function calendarByName(name: string): TradingCalendar | undefined {
  return typeof name === 'string' ? CALENDARS.get(name.trim().toUpperCase()) : undefined;
}

/** Names of every registered calendar, as config should spell them. */
export function calendarNames(): string[] {
  return [...CALENDARS.values()].map((calendar) => calendar.name);
}
