import { describe, expect, it } from 'vitest';
import {
  NYSE,
  WEEKDAYS,
  calendarByName,
  calendarNames,
  closeTimeOn,
  isTradingDay,
  nextTradingDay,
  nyseEarlyCloses,
  nyseHolidays,
  previousTradingDay,
  tradingDaysBetween,
} from '../../../electron/engine/calendar/index.js';

const closures = (year: number) => nyseHolidays(year).map((h) => h.date);
const earlies = (year: number) => nyseEarlyCloses(year).map((e) => e.date);
const inYear = (year: number, monthDays: string[]) => monthDays.map((md) => `${year}-${md}`);

// Expected lists are the exchange's published calendars (NYSE Group press
// releases of 2021-12-27, 2024-11-08 and 2025-12-23).
describe('NYSE published schedules', () => {
  it('closes on exactly the ten published 2024 holidays and closes early on Jul 3, Nov 29 and Dec 24', () => {
    expect(closures(2024)).toEqual(
      inYear(2024, ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25']),
    );
    expect(earlies(2024)).toEqual(inYear(2024, ['07-03', '11-29', '12-24']));
  });

  it('closes on the published 2025 holidays plus the Carter day of mourning on Jan 9', () => {
    expect(closures(2025)).toEqual(
      inYear(2025, ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25']),
    );
    expect(nyseHolidays(2025)[1]).toEqual({ date: '2025-01-09', name: 'National Day of Mourning for President Jimmy Carter' });
    expect(earlies(2025)).toEqual(inYear(2025, ['07-03', '11-28', '12-24']));
  });

  it('observes Independence Day 2026 on Friday Jul 3 and has no July early close that year', () => {
    expect(closures(2026)).toEqual(
      inYear(2026, ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25']),
    );
    expect(nyseHolidays(2026).find((h) => h.date === '2026-07-03')?.name).toBe('Independence Day');
    expect(earlies(2026)).toEqual(inYear(2026, ['11-27', '12-24']));
    expect(closeTimeOn('2026-07-02')).toBe('16:00');
  });

  it('matches the published 2022, 2023, 2027 and 2028 lists, including Saturday and Sunday shifts', () => {
    expect(closures(2022)).toEqual(
      inYear(2022, ['01-17', '02-21', '04-15', '05-30', '06-20', '07-04', '09-05', '11-24', '12-26']),
    );
    expect(earlies(2022)).toEqual(['2022-11-25']);
    expect(closures(2023)).toEqual(
      inYear(2023, ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25']),
    );
    expect(earlies(2023)).toEqual(['2023-07-03', '2023-11-24']);
    expect(closures(2027)).toEqual(
      inYear(2027, ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24']),
    );
    expect(earlies(2027)).toEqual(['2027-11-26']);
    expect(closures(2028)).toEqual(
      inYear(2028, ['01-17', '02-21', '04-14', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25']),
    );
    expect(earlies(2028)).toEqual(['2028-07-03', '2028-11-24']);
  });
});

describe('NYSE holiday rules', () => {
  it('does not close on Dec 31 when New Year falls on a Saturday', () => {
    expect(closures(2021)).not.toContain('2021-12-31');
    expect(closures(2022).some((d) => d.startsWith('2022-01-0'))).toBe(false);
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2022-01-03')).toBe(true);
  });

  it('moves a Sunday New Year to Monday Jan 2', () => {
    expect(closures(2023)[0]).toBe('2023-01-02');
    expect(closures(2017)[0]).toBe('2017-01-02');
  });

  it('closes for Juneteenth only from 2022, observing the 2022 Sunday holiday on Monday Jun 20', () => {
    expect(nyseHolidays(2021).some((h) => h.name.startsWith('Juneteenth'))).toBe(false);
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(nyseHolidays(2022).find((h) => h.name.startsWith('Juneteenth'))?.date).toBe('2022-06-20');
    expect(isTradingDay('2022-06-20')).toBe(false);
  });

  it('closes on Friday Dec 24 2027 because Christmas falls on a Saturday, with no early close that week', () => {
    expect(isTradingDay('2027-12-24')).toBe(false);
    expect(nyseHolidays(2027).find((h) => h.date === '2027-12-24')?.name).toBe('Christmas Day');
    expect(closeTimeOn('2027-12-23')).toBe('16:00');
  });

  it('closes on Good Friday two days before the Gregorian Easter Sunday', () => {
    const goodFridays = [2000, 2019, 2038, 2285].map((y) => nyseHolidays(y).find((h) => h.name === 'Good Friday')?.date);
    expect(goodFridays).toEqual(['2000-04-21', '2019-04-19', '2038-04-23', '2285-03-20']);
  });

  it('has no Martin Luther King Jr. Day closure before 1998', () => {
    expect(nyseHolidays(1997).some((h) => h.name.startsWith('Martin'))).toBe(false);
    expect(nyseHolidays(1998).find((h) => h.name.startsWith('Martin'))?.date).toBe('1998-01-19');
  });

  it('merges the one-off closures for Reagan, Ford, Hurricane Sandy, G.H.W. Bush and Carter', () => {
    for (const date of ['2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09']) {
      expect(isTradingDay(date)).toBe(false);
      expect(closures(Number(date.slice(0, 4)))).toContain(date);
    }
  });

  it('never lists a weekend, a duplicate or a date outside the requested year', () => {
    for (let year = 1990; year <= 2100; year++) {
      const dates = closures(year);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      for (const date of dates) {
        expect(date.startsWith(`${year}-`)).toBe(true);
        expect(isTradingDay(date)).toBe(false);
        expect(closeTimeOn(date)).toBeNull();
      }
      for (const date of earlies(year)) expect(closeTimeOn(date)).toBe('13:00');
    }
  });
});

describe('NYSE trading days', () => {
  it('never treats a Saturday or Sunday as a trading day', () => {
    for (const date of tradingDaysBetween('2000-01-01', '2030-12-31')) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6).toBe(false);
    }
    expect(isTradingDay('2024-03-30')).toBe(false);
    expect(isTradingDay('2024-03-31')).toBe(false);
    expect(closeTimeOn('2024-03-30')).toBeNull();
  });

  it('skips a long weekend when finding the next and previous trading day', () => {
    expect(nextTradingDay('2024-03-28')).toBe('2024-04-01');
    expect(previousTradingDay('2024-04-01')).toBe('2024-03-28');
    expect(nextTradingDay('2012-10-26')).toBe('2012-10-31');
    expect(nextTradingDay('2001-09-10')).toBe('2001-09-17');
  });

  it('moves strictly past the given date even when it is a trading day', () => {
    expect(nextTradingDay('2024-06-03')).toBe('2024-06-04');
    expect(previousTradingDay('2024-06-04')).toBe('2024-06-03');
  });

  it('crosses a year boundary in both directions', () => {
    expect(nextTradingDay('2024-12-31')).toBe('2025-01-02');
    expect(previousTradingDay('2025-01-02')).toBe('2024-12-31');
    expect(previousTradingDay('2022-01-03')).toBe('2021-12-31');
    expect(previousTradingDay('2025-01-10')).toBe('2025-01-08');
    expect(tradingDaysBetween('2024-12-30', '2025-01-03')).toEqual(['2024-12-30', '2024-12-31', '2025-01-02', '2025-01-03']);
  });

  it('counts 252 trading days in 2024, 250 in 2025 and 251 in 2026', () => {
    expect(tradingDaysBetween('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(tradingDaysBetween('2025-01-01', '2025-12-31')).toHaveLength(250);
    expect(tradingDaysBetween('2026-01-01', '2026-12-31')).toHaveLength(251);
    expect(tradingDaysBetween('2022-01-01', '2022-12-31')).toHaveLength(251);
    expect(tradingDaysBetween('2023-01-01', '2023-12-31')).toHaveLength(250);
  });

  it('lists trading days inclusively and in ascending order, and nothing when from is after to', () => {
    const days = tradingDaysBetween('2024-07-03', '2024-07-08');
    expect(days).toEqual(['2024-07-03', '2024-07-05', '2024-07-08']);
    expect(tradingDaysBetween('2024-07-04', '2024-07-04')).toEqual([]);
    expect(tradingDaysBetween('2024-07-08', '2024-07-03')).toEqual([]);
  });

  it('reports a regular, early or no close', () => {
    expect(closeTimeOn('2024-07-03')).toBe('13:00');
    expect(closeTimeOn('2024-07-04')).toBeNull();
    expect(closeTimeOn('2024-07-05')).toBe('16:00');
    expect(closeTimeOn('2024-11-29')).toBe('13:00');
    expect(closeTimeOn('2024-12-24')).toBe('13:00');
  });

  it('rejects dates that are not real YYYY-MM-DD calendar dates', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-3-1', '20240301', '2024-03-01T00:00:00Z', '']) {
      expect(() => isTradingDay(bad)).toThrow(RangeError);
    }
    expect(() => nyseHolidays(2024.5)).toThrow(RangeError);
    expect(isTradingDay('2024-02-29')).toBe(true);
  });
});

describe('calendar registry', () => {
  it('finds NYSE by the name config uses, ignoring case', () => {
    expect(calendarByName('NYSE')).toBe(NYSE);
    expect(calendarByName(' nyse ')).toBe(NYSE);
    expect(calendarByName('LSE')).toBeUndefined();
    expect(calendarNames()).toEqual(['NYSE', 'WEEKDAYS']);
  });

  it('offers WEEKDAYS, which trades every Monday to Friday with no holidays', () => {
    const weekdays = calendarByName('WEEKDAYS');
    expect(weekdays).toBe(WEEKDAYS);
    expect(WEEKDAYS.isTradingDay('2024-12-25')).toBe(true);
    expect(WEEKDAYS.isTradingDay('2024-12-28')).toBe(false);
    expect(WEEKDAYS.holidays(2024)).toEqual([]);
    expect(WEEKDAYS.closeTimeOn('2024-11-29')).toBe('16:00');
    expect(WEEKDAYS.nextTradingDay('2024-03-29')).toBe('2024-04-01');
    expect(WEEKDAYS.tradingDaysBetween('2024-01-01', '2024-12-31')).toHaveLength(262);
  });

  it('exposes the same answers through the NYSE calendar object as through the helpers', () => {
    expect(NYSE.holidays(2025)).toEqual(nyseHolidays(2025));
    expect(NYSE.earlyCloses(2025)).toEqual(nyseEarlyCloses(2025));
    expect(NYSE.name).toBe('NYSE');
  });
});
