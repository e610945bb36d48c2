/**
 * One-off NYSE full-day closures that no yearly rule produces: national days
 * of mourning for former presidents, storms, and the September 11 attacks.
 * Every date is a weekday. Add new entries here when the exchange announces
 * them; the rules in nyse.ts merge this table into each year's closures.
 */
import type { Holiday } from './trading-calendar.js';

/** Unscheduled NYSE closures, ascending by date. */
export const NYSE_SPECIAL_CLOSURES: readonly Holiday[] = Object.freeze([
  { date: '1985-09-27', name: 'Hurricane Gloria' },
  { date: '1994-04-27', name: 'National Day of Mourning for President Richard Nixon' },
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National Day of Mourning for President Ronald Reagan' },
  { date: '2007-01-02', name: 'National Day of Mourning for President Gerald Ford' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National Day of Mourning for President George H.W. Bush' },
  { date: '2025-01-09', name: 'National Day of Mourning for President Jimmy Carter' },
].map((closure) => Object.freeze(closure)));
