/** sweeps.*: the sweeps `tickwork sweep` recorded in the home's store and their results tables (engine: sweep/, store: sweep-store.ts). */
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodHandlers } from './method-context.js';
import { getSweep, listSweeps, trialsOfSweep } from '../../store/sweep-store.js';
import { sortedRows } from '../../sweep/results-table.js';

/** The most sweeps one sweeps.list answers with. */
const MAX_LIST = 200;

/** The handlers of the sweeps family. */
export const sweepMethods: MethodHandlers<FamilyMethods<'sweeps'>> = {
  'sweeps.list': (ctx, p) => {
    const limit = p.limit === undefined ? 20 : wholeNumber(p.limit, 'limit');
    return listSweeps(ctx.db, { ...optionalText(p.project, 'project'), ...optionalText(p.name, 'name'), limit: Math.min(Math.max(limit, 1), MAX_LIST) });
  },

  'sweeps.results': (ctx, p) => {
    let sweep;
    if (p.id !== undefined) {
      const id = wholeNumber(p.id, 'id');
      sweep = getSweep(ctx.db, id);
      if (!sweep) throw new HttpError(404, `no sweep ${id}`);
    } else {
      const name = optionalText(p.name, 'name').name;
      if (name === undefined) throw new HttpError(400, 'give a sweep id, or its name');
      sweep = listSweeps(ctx.db, { ...optionalText(p.project, 'project'), name, limit: 1 })[0];
      if (!sweep) throw new HttpError(404, `no sweep named ${name}`);
    }
    const sort = sweep.sort === null ? null : { metric: sweep.sort.replace(/^-/, ''), descending: sweep.sort.startsWith('-') };
    return { sweep, trials: sortedRows(trialsOfSweep(ctx.db, sweep.id), sort) };
  },
};

/** `{[key]: value}` for a non-empty string, `{}` when absent; 400 for anything else. */
function optionalText<K extends 'project' | 'name'>(value: unknown, key: K): { [P in K]?: string } {
  if (value === undefined) return {};
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${key} must be a non-empty string`);
  return { [key]: value } as { [P in K]?: string };
}
