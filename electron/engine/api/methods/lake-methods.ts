/** lake.*: a served project's datasets and partitions (lake-catalog.ts) and a preview of their rows (lake-preview.ts). */
import { lakeCatalog } from '../../lake/lake-catalog.js';
import { previewDataset, unknownDataset } from '../../lake/lake-preview.js';
import { HttpError } from '../http-error.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';

/** The most rows lake.preview returns. */
const MAX_PREVIEW_LIMIT = 10_000;

/** The handlers of the lake family. */
export const lakeMethods: MethodHandlers<FamilyMethods<'lake'>> = {
  'lake.list': (ctx, p) => {
    if (p.dataset !== undefined && typeof p.dataset !== 'string') throw new HttpError(400, 'dataset must be a dataset name');
    const project = projectOf(ctx, p.project);
    const listing = lakeCatalog(ctx.db, project);
    if (p.dataset === undefined) return listing;
    const datasets = listing.datasets.filter((d) => d.name === p.dataset);
    if (datasets.length === 0) throw new HttpError(404, unknownDataset(p.dataset, listing.datasets.map((d) => d.name), project.name));
    return { ...listing, datasets };
  },
  'lake.preview': async (ctx, p) => {
    if (typeof p.dataset !== 'string' || p.dataset === '') throw new HttpError(400, 'dataset is required (a dataset name; lake.list lists them)');
    if (p.date !== undefined && (typeof p.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.date))) throw new HttpError(400, 'date must be YYYY-MM-DD');
    if (p.partition !== undefined && (typeof p.partition !== 'object' || p.partition === null || Object.values(p.partition).some((v) => typeof v !== 'string'))) {
      throw new HttpError(400, 'partition must map partition keys to string values, e.g. {"region": "US"}');
    }
    if (p.limit !== undefined && (typeof p.limit !== 'number' || !Number.isSafeInteger(p.limit) || p.limit < 0 || p.limit > MAX_PREVIEW_LIMIT)) {
      throw new HttpError(400, `limit must be a whole number from 0 to ${MAX_PREVIEW_LIMIT}`);
    }
    const preview = await previewDataset(ctx.db, projectOf(ctx, p.project), p);
    if ('kind' in preview) throw new HttpError(preview.kind === 'bad_request' ? 400 : 404, preview.message);
    return preview;
  },
};
