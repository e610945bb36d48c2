/** overview.*: the Overview's summary of every pipeline and job (engine: overview/target-summaries.ts). */
import { targetSummaries, DEFAULT_RECENT } from '../../overview/target-summaries.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';

/** The most runs one summary may carry. */
const MAX_RECENT = 200;

/** The handlers of the overview family. */
export const overviewMethods: MethodHandlers<FamilyMethods<'overview'>> = {
  'overview.targets': (ctx, p) => {
    const recent = p.recent === undefined ? DEFAULT_RECENT : wholeNumber(p.recent, 'recent');
    if (recent > MAX_RECENT) throw new HttpError(400, `recent must be at most ${MAX_RECENT}`);
    const projects = p.project === undefined ? ctx.projects() : [projectOf(ctx, p.project)];
    return targetSummaries(ctx.db, projects, ctx.now(), recent);
  },
};
