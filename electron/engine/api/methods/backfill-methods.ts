/** backfills.*: preview, start, follow, cancel and retry the backfills the daemon drives (engine: backfill/backfill-service.ts). */
import type { BackfillService } from '../../backfill/backfill-service.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import { projectOf, type FamilyMethods, type MethodContext, type MethodHandlers } from './method-context.js';

/** The most backfills one backfills.list answers with. */
const MAX_LIST = 200;

/** The handlers of the backfills family. */
export const backfillMethods: MethodHandlers<FamilyMethods<'backfills'>> = {
  'backfills.preview': (ctx, p) => {
    const preview = service(ctx).preview(projectOf(ctx, p.project), p);
    if (typeof preview === 'string') throw new HttpError(400, preview);
    return preview;
  },

  'backfills.start': (ctx, p) => {
    const id = service(ctx).start(projectOf(ctx, p.project), p);
    if (typeof id === 'string') throw new HttpError(400, id);
    return { id, backfill: service(ctx).get(id)! };
  },

  'backfills.get': (ctx, p) => {
    const id = wholeNumber(p.id, 'id');
    const backfill = service(ctx).get(id);
    if (!backfill) throw new HttpError(404, `no backfill ${id}`);
    return { backfill, ...(p.partitions === true ? { partitions: service(ctx).partitions(id)! } : {}) };
  },

  'backfills.list': (ctx, p) => {
    const limit = p.limit === undefined ? 20 : wholeNumber(p.limit, 'limit');
    return service(ctx).list(Math.min(Math.max(limit, 1), MAX_LIST));
  },

  'backfills.cancel': async (ctx, p) => answer(await service(ctx).cancel(wholeNumber(p.id, 'id'))),

  'backfills.retryFailed': (ctx, p) => answer(service(ctx).retryFailed(wholeNumber(p.id, 'id'))),
};

function service(ctx: MethodContext): BackfillService {
  if (!ctx.backfills) throw new HttpError(503, 'backfills are driven by the daemon (tickwork up); this server has none');
  return ctx.backfills;
}

function answer(result: Awaited<ReturnType<BackfillService['cancel']>>) {
  if (!result.ok) throw new HttpError(result.kind === 'not_found' ? 404 : 409, result.message);
  return { backfill: result.backfill };
}
