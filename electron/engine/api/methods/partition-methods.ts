/** partitions.*: the partition matrix of a target (run/partition-matrix.ts). */
import { partitionMatrix } from '../../run/partition-matrix.js';
import { HttpError } from '../http-error.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';

/** The handlers of the partitions family. */
export const partitionMethods: MethodHandlers<FamilyMethods<'partitions'>> = {
  'partitions.matrix': (ctx, p) => {
    for (const field of ['target', 'from', 'to'] as const) {
      if (typeof p[field] !== 'string') throw new HttpError(400, `${field} is required${field === 'target' ? ' (a pipeline or job)' : ' (YYYY-MM-DD)'}`);
    }
    const matrix = partitionMatrix(ctx.db, projectOf(ctx, p.project), p.target, p.from, p.to);
    if (typeof matrix === 'string') throw new HttpError(400, matrix);
    return matrix;
  },
};
