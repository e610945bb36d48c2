/**
 * health.get: the `tickwork health` report for the API — the machinery once,
 * each served project's pipelines, and the problems of each project file
 * whose last edit is invalid (the daemon keeps serving its last good config,
 * when it ever had one: `keepsLastGood`).
 */
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import type { ConfigProblem, ProjectConfig } from '../../../shared/config-model.js';
import type { HealthAnswer } from '../../../shared/health-model.js';
import { formatProblem } from '../config/index.js';
import { healthReport, pipelineHealth, scheduleFailures } from './health-report.js';

/** Health of the home and of the `served` projects (only `only`, when given) at `now`; `problems`: the invalid files, by file. */
export function healthAnswer(
  db: Db,
  home: HomePaths,
  served: readonly ProjectConfig[],
  problems: ReadonlyMap<string, readonly ConfigProblem[]>,
  now: number,
  only: ProjectConfig | null = null,
  windowMs = 30 * 86_400_000,
): HealthAnswer {
  // The machinery once (its quick_check reads the whole store); schedule failures of every project unless one is asked for.
  const report = { ...healthReport(db, home, null, now, windowMs), scheduleFailures: scheduleFailures(db, only?.name ?? null) };
  return {
    report,
    projects: (only ? [only] : served).map((project) => ({
      name: project.name,
      file: project.file,
      pipelines: [...project.pipelines.keys()].map((name) => pipelineHealth(db, project, name, now, windowMs)),
    })),
    configProblems: [...problems].map(([file, list]) => ({
      file,
      keepsLastGood: served.some((p) => p.file === file),
      problems: list.map((p) => ({ ...p, text: formatProblem(p) })),
    })),
  };
}
