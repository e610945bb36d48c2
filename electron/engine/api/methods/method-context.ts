/**
 * What every method handler works with: the store, the engine, the served
 * projects (and the problems of invalid edits), the scheduler and the clock. Handlers validate params and call engine
 * transitions; the workflow logic lives in the engine, not here.
 */
import type { ApiMethod, ApiMethods } from '../../../../shared/api-contract.js';
import type { ConfigProblem, ProjectConfig } from '../../../../shared/config-model.js';
import type { Db } from '../../store/open-store.js';
import type { Engine } from '../../run/engine.js';
import type { Scheduler } from '../../schedule/scheduler.js';
import type { HomePaths } from '../../home.js';
import type { BackfillService } from '../../backfill/backfill-service.js';
import { HttpError } from '../http-error.js';

/** The shared context of one API server's handlers. */
export interface MethodContext {
  readonly db: Db;
  readonly engine: Engine;
  readonly homeRoot: string;
  /** The projects the daemon serves (their last good config), current at each call. */
  readonly projects: () => readonly ProjectConfig[];
  /** Wall-clock now in UTC ms. */
  readonly now: () => number;
  /** This process just appended to the events journal: live event streams read it now. */
  readonly journalChanged: () => void;
  /** The daemon's scheduler (schedule pause and resume, power events); null where none runs. */
  readonly scheduler: Scheduler | null;
  /** Problems of each project file whose last edit is invalid (its last good config stays in use). */
  readonly configProblems: () => ReadonlyMap<string, readonly ConfigProblem[]>;
  /** The home's paths (store, logs). */
  readonly home: HomePaths;
  /** The backfills the daemon drives; null where none runs. */
  readonly backfills: BackfillService | null;
  /** Aborted when the client of this call went away (long scans and waits stop); absent outside a request. */
  readonly signal?: AbortSignal;
}

/** One method's handler: params in, result out (or an HttpError). */
export type MethodHandler<M extends ApiMethod> = (ctx: MethodContext, params: ApiMethods[M]['params']) => ApiMethods[M]['result'] | Promise<ApiMethods[M]['result']>;

/** The handlers of a set of methods, one per name. */
export type MethodHandlers<K extends ApiMethod> = { readonly [M in K]: MethodHandler<M> };

/** The methods of one family, by name prefix (`runs` → runs.list, runs.get, …). */
export type FamilyMethods<F extends string> = Extract<ApiMethod, `${F}.${string}`>;

/** The served project whose tickwork.yaml is `file` (default: the first), or a 404. */
export function projectOf(ctx: MethodContext, file: string | undefined): ProjectConfig {
  const project = ctx.projects().find((candidate) => !file || candidate.file === file);
  if (!project) throw new HttpError(404, `no such project: ${file ?? '(none loaded)'}`);
  return project;
}
