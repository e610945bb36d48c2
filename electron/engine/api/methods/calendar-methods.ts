/** calendar.*: a trading calendar's closed days, for the timeline's shading (engine: calendar/closed-days.ts). */
import { calendarByName, calendarNames } from '../../calendar/registry.js';
import { isCivilDate, toDayNumber } from '../../calendar/civil-date.js';
import { closedDays } from '../../calendar/closed-days.js';
import { HttpError } from '../http-error.js';
import type { FamilyMethods, MethodHandlers } from './method-context.js';

/** The longest range one call may ask for, in days. */
const MAX_DAYS = 3 * 366;

/** The handlers of the calendar family. */
export const calendarMethods: MethodHandlers<FamilyMethods<'calendar'>> = {
  'calendar.days': (_ctx, p) => {
    const name = p.calendar ?? 'NYSE';
    const calendar = typeof name === 'string' ? calendarByName(name) : undefined;
    if (!calendar) throw new HttpError(400, `calendar must be one of ${calendarNames().join(', ')}`);
    for (const field of ['from', 'to'] as const) {
      if (typeof p[field] !== 'string' || !isCivilDate(p[field])) throw new HttpError(400, `${field} must be a date YYYY-MM-DD`);
    }
    const span = toDayNumber(p.to) - toDayNumber(p.from);
    if (span < 0) throw new HttpError(400, 'to must not be before from');
    if (span >= MAX_DAYS) throw new HttpError(400, `from…to may span at most ${MAX_DAYS} days`);
    if (p.timezone !== undefined && (typeof p.timezone !== 'string' || !validZone(p.timezone))) throw new HttpError(400, 'timezone must be an IANA zone name, e.g. America/New_York');
    return closedDays(calendar, p.from, p.to, p.timezone);
  },
};

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
