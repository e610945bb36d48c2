/**
 * Runs the real engine in the test process against a real SQLite file and
 * real child processes: load project → plan → create run → drive to the end.
 */
import { loadProject, formatProblem } from '../../electron/engine/config/index.js';
import { prepareHome, type HomePaths } from '../../electron/engine/home.js';
import { openStore, type Db } from '../../electron/engine/store/open-store.js';
import { planRun, type RunRequest } from '../../electron/engine/run/plan-run.js';
import { createRun } from '../../electron/engine/run/create-run.js';
import { Engine, type EngineEvent } from '../../electron/engine/run/engine.js';
import { getRun } from '../../electron/engine/store/run-store.js';
import { tasksOfRun } from '../../electron/engine/store/task-store.js';
import { attemptsOfTask } from '../../electron/engine/store/attempt-store.js';
import type { ProjectConfig } from '../../shared/config-model.js';
import type { AttemptRecord, RunRecord, TaskRunRecord } from '../../shared/run-model.js';

/** A home + store + loaded project for engine tests. */
export interface Harness {
  readonly home: HomePaths;
  readonly db: Db;
  readonly project: ProjectConfig;
  readonly events: EngineEvent[];
  /** Plans and creates a run, returning its id (throws on plan errors). */
  create(request: Partial<RunRequest> & { targets: string[] }): number;
  /** Creates a run and drives it (and any orphans) to the end. */
  run(request: Partial<RunRequest> & { targets: string[] }): Promise<RunResult>;
  /** A new engine on the same store (as after a restart). */
  engine(): Engine;
  close(): void;
}

/** A finished run with its tasks and their attempts. */
export interface RunResult {
  readonly run: RunRecord;
  readonly tasks: Map<string, TaskRunRecord>;
  readonly attempts: Map<string, AttemptRecord[]>;
}

/** Opens a harness on `homeDir` for the project file `projectFile`. */
export function harness(homeDir: string, projectFile: string): Harness {
  const loaded = loadProject(projectFile);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const home = prepareHome(homeDir);
  const db = openStore(home.database);
  const events: EngineEvent[] = [];
  const engine = (): Engine => new Engine({ db, home, syncMs: 20, onEvent: (e) => events.push(e) });
  const create = (request: Partial<RunRequest> & { targets: string[] }): number => {
    const planned = planRun(loaded.project, { selection: 'upstream', force: false, trigger: 'cli', ...request }, Date.now());
    if (!planned.ok) throw new Error(planned.message);
    const created = createRun(db, planned.plan, Date.now());
    if (created.runId === null) throw new Error(created.skipped);
    return created.runId;
  };
  return {
    home,
    db,
    project: loaded.project,
    events,
    create,
    async run(request) {
      const id = create(request);
      const e = engine();
      e.claim(id);
      await e.whenIdle();
      return readRun(db, id);
    },
    engine,
    close: () => db.close(),
  };
}

/** Reads a run with its tasks and attempts from the store. */
export function readRun(db: Db, id: number): RunResult {
  const run = getRun(db, id)!;
  const tasks = new Map(tasksOfRun(db, id).map((t) => [t.pipeline, t]));
  const attempts = new Map([...tasks.values()].map((t) => [t.pipeline, attemptsOfTask(db, t.id)]));
  return { run, tasks, attempts };
}
