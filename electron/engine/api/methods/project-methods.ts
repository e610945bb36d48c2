/** projects.*: the projects the daemon serves, and one project's graph (plan/project-graph.ts). */
import { projectGraph } from '../../plan/project-graph.js';
import { HttpError } from '../http-error.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';

/** The handlers of the projects family. */
export const projectMethods: MethodHandlers<FamilyMethods<'projects'>> = {
  'projects.list': ({ projects }) => projects().map((p) => ({ name: p.name, file: p.file, timezone: p.timezone, pipelines: [...p.pipelines.keys()], jobs: [...p.jobs.keys()] })),

  'projects.graph': (ctx, p) => {
    if (p.project !== undefined && typeof p.project !== 'string') throw new HttpError(400, 'project must be the path of a tickwork.yaml');
    return projectGraph(ctx.db, projectOf(ctx, p.project), ctx.now());
  },
};
