/** A project's DAG for the dashboard (projects.graph): pipelines in topological order, jobs, edges, schedules, param defaults (masked). */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { ProjectGraph } from '../../../shared/project-model.js';
import { redactRecord } from '../../../shared/secrets.js';
import { topoOrder } from './index.js';
import { listSchedules } from '../schedule/schedule-list.js';

/** The graph of `project` at `now`, with each schedule's next `fires`. */
export function projectGraph(db: Db, project: ProjectConfig, now: number, fires = 5): ProjectGraph {
  const schedules = listSchedules(db, [project], now, fires);
  const keyOf = (kind: 'pipeline' | 'job', name: string): string | null => schedules.find((s) => s.kind === kind && s.name === name)?.key ?? null;
  const order = topoOrder(project);
  return {
    name: project.name,
    file: project.file,
    timezone: project.timezone,
    pools: project.pools,
    params: redactRecord(project.params),
    partitions: project.partitions,
    pipelines: order.map((name) => {
      const p = project.pipelines.get(name)!;
      return {
        name,
        description: p.description ?? null,
        dependsOn: p.dependsOn,
        provides: p.provides,
        requires: p.requires,
        pool: p.pool,
        priority: p.priority,
        partitions: p.partitions ?? null,
        outputs: p.outputs ?? [],
        scheduleKey: keyOf('pipeline', name),
      };
    }),
    jobs: [...project.jobs.values()].map((j) => ({ name: j.name, description: j.description ?? null, pipelines: j.pipelines, partitions: j.partitions ?? null, scheduleKey: keyOf('job', j.name) })),
    edges: order.flatMap((name) => project.pipelines.get(name)!.dependsOn.map((from) => ({ from, to: name }))),
    schedules,
  };
}
