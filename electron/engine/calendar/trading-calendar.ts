/**
 * The shape every trading calendar shares, and a factory that turns a pair of
 * per-year rule functions (full closures, early closes) into one.
 *
 * A day is a trading day when it is a weekday and not a full closure. Early
 * closes only count on trading days. Rules are evaluated once per year and
 * cached, so scanning a decade costs ten rule evaluations, not 3,650.
 * Every date is a 'YYYY-MM-DD' string (see civil-date.ts for why).
 */
import {
  assertYear,
  fromDayNumber,
  isWeekendDayNumber,
  requireCivilDate,
  dayNumberOf,
  toDayNumber,
} from './civil-date.js';

/** Market close in exchange-local time: a regular close or an early (half-day) close. */
export type CloseTime = '16:00' | '13:00';

/** A full-day closure on a given date. */
export interface Holiday {
  readonly date: string;
  readonly name: string;
}

/** A trading day that ends early, and why. */
export interface EarlyClose {
  readonly date: string;
  readonly closeTime: '13:00';
  readonly name: string;
}

/** Answers "is the market open, and until when" for civil dates. */
export interface TradingCalendar {
  /** Name used in config, e.g. `calendar: NYSE`. */
  readonly name: string;
  /** True when the market opens on `date` (a weekday that is not a closure). */
  isTradingDay(date: string): boolean;
  /** The first trading day strictly after `date`. */
  nextTradingDay(date: string): string;
  /** The last trading day strictly before `date`. */
  previousTradingDay(date: string): string;
  /** Trading days from `from` to `to`, both inclusive, ascending; empty when `from` is after `to`. */
  tradingDaysBetween(from: string, to: string): string[];
  /** Regular or early close on a trading day; null when the market is closed all day. */
  closeTimeOn(date: string): CloseTime | null;
  /** Full-day closures that fall on weekdays in `year`, ascending. */
  holidays(year: number): Holiday[];
  /** Early (13:00) closes in `year`, ascending. */
  earlyCloses(year: number): EarlyClose[];
}

/** Per-year rules from which `createTradingCalendar` builds a calendar. */
export interface CalendarRules {
  readonly name: string;
  /** Weekday closures in `year`; dates must fall inside `year`. */
  closures(year: number): readonly Holiday[];
  /** Early closes in `year`, given that year's set of closed dates. */
  earlyCloses(year: number, closed: ReadonlySet<string>): readonly EarlyClose[];
}

interface YearTable {
  readonly holidays: readonly Holiday[];
  readonly closed: ReadonlySet<string>;
  readonly early: ReadonlyMap<string, EarlyClose>;
}

/** Longest run of closed days we will scan before deciding the rules are broken. */
const MAX_SCAN_DAYS = 366;

/** Builds a TradingCalendar from per-year rules, caching each year's tables. */
export function createTradingCalendar(rules: CalendarRules): TradingCalendar {
  const years = new Map<number, YearTable>();

  function tableFor(year: number): YearTable {
    let table = years.get(year);
    if (!table) {
      const holidays = [...rules.closures(year)].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const closed = new Set(holidays.map((h) => h.date));
      const sorted = [...rules.earlyCloses(year, closed)].sort((a, b) => (a.date < b.date ? -1 : 1));
      const early = new Map(sorted.map((e) => [e.date, Object.freeze({ ...e })] as const));
      table = { holidays: holidays.map((h) => Object.freeze({ ...h })), closed, early };
      years.set(year, table);
    }
    return table;
  }

  function isOpenDay(dayNumber: number, date: string): boolean {
    if (isWeekendDayNumber(dayNumber)) return false;
    return !tableFor(Number(date.slice(0, 4))).closed.has(date);
  }

  function step(date: string, direction: 1 | -1): string {
    const start = toDayNumber(date);
    for (let n = start + direction, i = 0; i < MAX_SCAN_DAYS; n += direction, i++) {
      const candidate = fromDayNumber(n);
      if (isOpenDay(n, candidate)) return candidate;
    }
    throw new Error(`${rules.name}: no trading day within ${MAX_SCAN_DAYS} days of ${date}`);
  }

  return {
    name: rules.name,
    isTradingDay(date) {
      return isOpenDay(toDayNumber(date), date);
    },
    nextTradingDay: (date) => step(date, 1),
    previousTradingDay: (date) => step(date, -1),
    tradingDaysBetween(from, to) {
      const first = dayNumberOf(requireCivilDate(from));
      const last = dayNumberOf(requireCivilDate(to));
      const days: string[] = [];
      for (let n = first; n <= last; n++) {
        const date = fromDayNumber(n);
        if (isOpenDay(n, date)) days.push(date);
      }
      return days;
    },
    closeTimeOn(date) {
      if (!isOpenDay(toDayNumber(date), date)) return null;
      return tableFor(Number(date.slice(0, 4))).early.has(date) ? '13:00' : '16:00';
    },
    holidays(year) {
      assertYear(year);
      return [...tableFor(year).holidays];
    },
    earlyCloses(year) {
      assertYear(year);
      return [...tableFor(year).early.values()];
    },
  };
}
