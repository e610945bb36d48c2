/** Public surface of the trading calendars. */
export {
  NYSE,
  NYSE_RULES,
  NYSE_MLK_FIRST_YEAR,
  NYSE_JUNETEENTH_FIRST_YEAR,
  nyseHolidays,
  nyseEarlyCloses,
  isTradingDay,
  nextTradingDay,
  previousTradingDay,
  tradingDaysBetween,
  closeTimeOn,
} from './nyse.js';
export { NYSE_SPECIAL_CLOSURES } from './nyse-special-closures.js';
export { WEEKDAYS, calendarByName, calendarNames } from './registry.js';
export {
  createTradingCalendar,
  type TradingCalendar,
  type CalendarRules,
  type CloseTime,
  type EarlyClose,
  type Holiday,
} from './trading-calendar.js';
export { isCivilDate, parseCivilDate, addDays, weekdayOf, easterSunday, type CivilDate } from './civil-date.js';
