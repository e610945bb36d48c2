import { describe, expect, it } from 'vitest';
import {
  MONDAY,
  THURSDAY,
  addDays,
  easterSunday,
  fromDayNumber,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  parseCivilDate,
  toDayNumber,
  weekdayOf,
} from '../../../electron/engine/calendar/civil-date.js';

const DAY_MS = 86_400_000;

describe('civil dates', () => {
  it('agrees with UTC Date arithmetic for every day from 1600 to 2400', () => {
    const start = Date.UTC(1600, 0, 1) / DAY_MS;
    const end = Date.UTC(2400, 11, 31) / DAY_MS;
    const mismatches: string[] = [];
    for (let n = start; n <= end; n++) {
      const iso = new Date(n * DAY_MS).toISOString().slice(0, 10);
      if (fromDayNumber(n) !== iso || toDayNumber(iso) !== n) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('names weekdays with 0 for Sunday', () => {
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2024-03-31')).toBe(0);
    expect(weekdayOf('2022-01-01')).toBe(6);
  });

  it('finds nth and last weekdays of a month', () => {
    expect(nthWeekdayOfMonth(2024, 1, MONDAY, 3)).toBe('2024-01-15');
    expect(nthWeekdayOfMonth(2024, 11, THURSDAY, 4)).toBe('2024-11-28');
    expect(nthWeekdayOfMonth(2026, 9, MONDAY, 1)).toBe('2026-09-07');
    expect(lastWeekdayOfMonth(2024, 5, MONDAY)).toBe('2024-05-27');
    expect(lastWeekdayOfMonth(2027, 5, MONDAY)).toBe('2027-05-31');
  });

  it('computes Gregorian Easter Sunday, including the earliest and latest possible dates', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2285)).toBe('2285-03-22');
  });

  it('parses only strict, real YYYY-MM-DD dates', () => {
    expect(parseCivilDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCivilDate('1900-02-29')).toBeNull();
    expect(parseCivilDate('2024-13-01')).toBeNull();
    expect(parseCivilDate('0000-01-01')).toBeNull();
    expect(parseCivilDate(' 2024-01-01')).toBeNull();
  });
});
