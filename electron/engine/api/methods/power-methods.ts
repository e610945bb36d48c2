/** power.*: the Electron shell's power events (the scheduler records the sleep and looks at its schedules at once). */
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodHandlers } from './method-context.js';

const KINDS = ['suspend', 'resume', 'clock_change'] as const;

/** The handlers of the power family. */
export const powerMethods: MethodHandlers<FamilyMethods<'power'>> = {
  'power.event': (ctx, p) => {
    if (!KINDS.includes(p.kind)) throw new HttpError(400, `kind must be suspend, resume or clock_change, not ${String(p.kind)}`);
    const at = p.at === undefined ? ctx.now() : wholeNumber(p.at, 'at');
    if (!ctx.scheduler) throw new HttpError(409, 'no scheduler runs in this process');
    const recorded = ctx.scheduler.powerEvent(p.kind, at);
    ctx.journalChanged();
    return { recorded };
  },
};
