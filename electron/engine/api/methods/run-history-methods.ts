/** runs.attempts, runs.events and runs.rerunChoices: what the Run detail view reads of a run (engine/run/run-history.ts, rerun-choices.ts). */
import { HttpError } from '../http-error.js';
import { EVENT_PAGE_DEFAULT, EVENT_PAGE_MAX, runAttempts, runEventPage } from '../../run/run-history.js';
import { rerunChoices } from '../../run/rerun-choices.js';
import { wholeNumber } from './param-checks.js';
import type { MethodHandlers } from './method-context.js';

/** The methods of this module. */
export type RunHistoryMethod = 'runs.attempts' | 'runs.events' | 'runs.rerunChoices';

/** The handlers of runs.attempts, runs.events and runs.rerunChoices. */
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

  'runs.rerunChoices': (ctx, p) => {
    const id = wholeNumber(p.id, 'id');
    const choices = rerunChoices(ctx.db, ctx.projects(), ctx.homeRoot, id, ctx.now());
    if (!choices) throw new HttpError(404, `no run ${id}`);
    return choices;
  },
};
