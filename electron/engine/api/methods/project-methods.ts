/** projects.*: the projects the daemon serves. */
import type { FamilyMethods, MethodHandlers } from './method-context.js';

/** The handlers of the projects family. */
export const projectMethods: MethodHandlers<FamilyMethods<'projects'>> = {
  'projects.list': ({ projects }) => projects().map((p) => ({ name: p.name, file: p.file, pipelines: [...p.pipelines.keys()], jobs: [...p.jobs.keys()] })),
};
