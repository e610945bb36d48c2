/** health.*: the `tickwork health` report plus the config problems of invalid project files (health/health-answer.ts). */
import { healthAnswer } from '../../health/health-answer.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';

/** The handlers of the health family. */
export const healthMethods: MethodHandlers<FamilyMethods<'health'>> = {
  'health.get': (ctx, p) => {
    const only = p.project === undefined ? null : projectOf(ctx, p.project);
    return healthAnswer(ctx.db, ctx.home, ctx.projects(), ctx.configProblems(), ctx.now(), only);
  },
};
