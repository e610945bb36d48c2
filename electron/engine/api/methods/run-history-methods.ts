/** runs.attempts and runs.events: a run's attempts and its journal, for the Run detail view (reads in engine/run/run-history.ts). */
import { HttpError } from '../http-error.js';
import { EVENT_PAGE_DEFAULT, EVENT_PAGE_MAX, runAttempts, runEventPage } from '../../run/run-history.js';
import { wholeNumber } from './param-checks.js';
import type { MethodHandlers } from './method-context.js';

/** The methods of this module. */
export type RunHistoryMethod = 'runs.attempts' | 'runs.events';

/** The handlers of runs.attempts and runs.events. */
export const runHistoryMethods: MethodHandlers<RunHistoryMethod> = {
  'runs.attempts': ({ db }, p) => {
    const id = wholeNumber(p.id, 'id');
    const attempts = runAttempts(db, id);
    if (!attempts) throw new HttpError(404, `no run ${id}`);
    return attempts;
  },

  'runs.events': ({ db }, p) => {
    const id = wholeNumber(p.id, 'id');
    const after = p.after === undefined ? 0 : wholeNumber(p.after, 'after');
    const limit = p.limit === undefined ? EVENT_PAGE_DEFAULT : wholeNumber(p.limit, 'limit');
    if (limit < 1 || limit > EVENT_PAGE_MAX) throw new HttpError(400, `limit must be between 1 and ${EVENT_PAGE_MAX}`);
    const page = runEventPage(db, id, after, limit);
    if (!page) throw new HttpError(404, `no run ${id}`);
    return page;
  },
};
