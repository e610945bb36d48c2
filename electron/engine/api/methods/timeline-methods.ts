/** timeline.*: what the schedule timeline shades and marks besides runs. */
import { periodsBetween } from '../../store/clock-period-store.js';
import { slotsBetween } from '../../store/slot-store.js';
import { timelineRuns, DEFAULT_TIMELINE_LIMIT } from '../../overview/timeline-runs.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodHandlers } from './method-context.js';

/** The longest window one call may ask for (a year: the timeline zooms out to weeks). */
const MAX_SPAN_MS = 366 * 86_400_000;

/** The handlers of the timeline family. */
export const timelineMethods: MethodHandlers<FamilyMethods<'timeline'>> = {
  'timeline.periods': ({ db }, p) => {
    const from = wholeNumber(p.from, 'from');
    const to = wholeNumber(p.to, 'to');
    if (to <= from) throw new HttpError(400, 'to must be after from');
    if (to - from > MAX_SPAN_MS) throw new HttpError(400, 'from…to may span at most 366 days');
    return { from, to, periods: periodsBetween(db, from, to), slots: slotsBetween(db, from, to) };
  },

  'timeline.runs': (ctx, p) => {
    const from = wholeNumber(p.from, 'from');
    const to = wholeNumber(p.to, 'to');
    if (to <= from) throw new HttpError(400, 'to must be after from');
    if (to - from > MAX_SPAN_MS) throw new HttpError(400, 'from…to may span at most 366 days');
    const limit = p.limit === undefined ? DEFAULT_TIMELINE_LIMIT : wholeNumber(p.limit, 'limit');
    if (limit < 1 || limit > 100_000) throw new HttpError(400, 'limit must be from 1 to 100000');
    return timelineRuns(ctx.db, ctx.projects(), from, to, limit);
  },
};
