/**
 * Local mode (`tickwork run --mode local`, and sweeps): the same planner,
 * cache rule and engine as a live run, over a private in-memory store.
 *
 *   plan ─► store in memory (every migration) ─► earlier successes written in
 *   (lake/local-results.ts) ─► runs created (cache rule) ─► engine drives them
 *   in this process ─► results read back ─► store closed, logs removed
 *
 * What it leaves: datasets published to the lake as a live run publishes
 * them, and one `.local-results/` file listing the tasks that succeeded (how
 * the next local run reuses them, lake/local-results.ts). What it does not: no row in the home's store (no
 * run history, no alerts, nothing a daemon sees), no fsync'd journal, no
 * daemon involved even when one runs. Attempts still run as their own process
 * groups with logs in a temporary directory (kept when a run did not
 * succeed, so its output can be read). Aborting `signal` cancels the runs:
 * their attempts are stopped (SIGTERM, SIGKILL after kill_grace), nothing of
 * theirs is published, and the call resolves once they are gone. `--no-upstream`
 * is refused: it takes upstream results from run history a local run has not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { RunRecord, TaskRunRecord, TaskSpec } from '../../../shared/run-model.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { HomePaths } from '../home.js';
import type { Executor } from '../exec/local-executor.js';
import { openMemoryStore, type Db } from '../store/open-store.js';
import { getRun } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { inWriteTransaction } from '../store/statements.js';
import { seedEarlierSuccesses, setReuseReason } from '../store/earlier-results.js';
import { earlierLocalResults, LocalResultsWriter, readLocalResults, type LocalEarlierResult } from '../lake/local-results.js';
import { Engine } from './engine.js';
import type { EngineEvent } from './engine-options.js';
import { planRuns, type FannedRequest } from './plan-runs.js';
import type { RunPlan } from './plan-run.js';
import { createRuns } from './create-run.js';
import { markRunCancelled } from './cancel-run.js';
import { newRunOwner } from './run-owner.js';
import { triggerEnv } from './passthrough-key.js';

/** What to run: a run request (trigger defaults to `cli`; `env` to this process's env_passthrough values). */
export type LocalRunRequest = Omit<FannedRequest, 'trigger'> & { readonly trigger?: FannedRequest['trigger'] };

/** How to run it and what to be told. */
export interface LocalRunOptions {
  /** The Tickwork home: its env_passthrough key and the tasks' TICKWORK_HOME. Its store is never opened. */
  readonly homeRoot: string;
  /** How attempts are launched (default: the best launcher here); disposed once the runs are over. */
  readonly executor?: Executor;
  /** The runs exist (in memory) and nothing has started yet: e.g. print what each runs and reuses. */
  readonly onCreated?: (db: Db, runs: readonly LocalRunCreated[]) => void;
  /** Each transition, as the engine commits it; `db` is the run's store, open while it runs. */
  readonly onEvent?: (event: EngineEvent, db: Db) => void;
  /** Aborting cancels every run (see the file comment). */
  readonly signal?: AbortSignal;
  /** When to keep the attempts' logs directory (default `failed`: when some run did not succeed). */
  readonly keepLogs?: 'always' | 'failed' | 'never';
  /** Default Date.now. */
  readonly now?: () => number;
}

/** A run just created, with the plan it came from. */
export interface LocalRunCreated {
  readonly runId: number;
  readonly plan: RunPlan;
  /** pipeline → its task spec, as stored (the engine claims the run without reading them back). */
  readonly specs?: ReadonlyMap<string, TaskSpec>;
}

/** How the local runs ended: each run and its tasks as the in-memory store last had them. */
export type LocalRunResult =
  | {
      readonly ok: true;
      readonly runs: ReadonlyArray<{ readonly run: RunRecord; readonly tasks: readonly TaskRunRecord[] }>;
      /** The attempts' logs, when kept (see keepLogs); else null (removed). */
      readonly logsDir: string | null;
    }
  /** Nothing ran: the request cannot be planned (a usage error, exit 2 at the CLI). */
  | { readonly ok: false; readonly message: string };

/** Runs `request` on `project` in local mode (see the file comment); resolves once every run is over. */
export async function runLocal(project: ProjectConfig, request: LocalRunRequest, options: LocalRunOptions): Promise<LocalRunResult> {
  if (request.selection === 'no_upstream') {
    return { ok: false, message: '--no-upstream takes upstream results from run history, which a local run has none of; run the upstream with it, or use --mode live' };
  }
  const now = options.now ?? Date.now;
  const full: FannedRequest = { ...request, trigger: request.trigger ?? 'cli', env: request.env ?? triggerEnv(options.homeRoot, project, process.env) };
  const planned = planRuns(project, full, now());
  if (!planned.ok) return planned;
  const db = openMemoryStore();
  const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'tickwork-local-'));
  let kept = false;
  try {
    const runs = createLocalRuns(db, project, planned.plans, now());
    options.onCreated?.(db, runs);
    await driveLocal(db, project, runs, { ...options, logs, passthrough: full.env?.values ?? {} });
    const ended = runs.map(({ runId }) => ({ run: getRun(db, runId)!, tasks: tasksOfRun(db, runId) }));
    const keep = options.keepLogs ?? 'failed';
    kept = keep === 'always' || (keep === 'failed' && ended.some(({ run }) => run.state !== 'succeeded'));
    return { ok: true, runs: ended, logsDir: kept ? logs : null };
  } finally {
    db.close();
    if (!kept) fs.rmSync(logs, { recursive: true, force: true });
  }
}

/** The lake root whose `.local-results` a project's local runs share (the project's lake; its default when a test project has none). */
export function localLakeRoot(project: Pick<ProjectConfig, 'lake' | 'dir'>): string {
  return project.lake?.root ?? path.join(project.dir, '.tickwork', 'lake');
}

/** Writes the earlier successes the lake knows of, then the runs (the cache rule decides what they reuse). */
function createLocalRuns(db: Db, project: ProjectConfig, plans: readonly RunPlan[], now: number): LocalRunCreated[] {
  const known = readLocalResults(localLakeRoot(project));
  // Targets always run and --force reuses nothing (cache-decision.ts): only the others are looked up.
  const earlier = plans.flatMap((plan) => {
    if (plan.run.force) return [];
    const candidates = plan.tasks.filter((task) => !task.isTarget);
    const specs = new Map(candidates.map((task) => [task.pipeline, task.spec]));
    return earlierLocalResults(known, candidates, plan.run.partition).map((result) => ({ ...result, spec: specs.get(result.pipeline)!, params: plan.run.params }));
  });
  const seeded = seedEarlierSuccesses(db, { name: project.name, file: project.file }, dedupe(earlier));
  const created = createRuns(db, plans, now, newRunOwner());
  // The memory store has no overlap to refuse: every other run in it is finished.
  if (!created.ok) throw new Error(`local run refused: ${created.skipped}`);
  for (const run of created.runs) for (const [earlierId, result] of seeded) setReuseReason(db, run.runId, earlierId, reuseReason(result));
  return created.runs.map((run, i) => ({ runId: run.runId, plan: plans[i]!, ...(run.specs ? { specs: run.specs } : {}) }));
}

/** Drives the created runs to the end in this process, recording each success for later local runs. */
async function driveLocal(
  db: Db,
  project: ProjectConfig,
  runs: readonly LocalRunCreated[],
  options: LocalRunOptions & { readonly logs: string; readonly passthrough: Readonly<Record<string, string>> },
): Promise<void> {
  const results = new LocalResultsWriter(localLakeRoot(project));
  const byRun = new Map(runs.map(({ runId, plan }) => [runId, plan]));
  const now = options.now ?? Date.now;
  const home: HomePaths = { root: options.homeRoot, database: ':memory:', logs: options.logs };
  const onEvent = (event: EngineEvent): void => {
    if (event.type === 'task' && event.to === 'succeeded') {
      const plan = byRun.get(event.runId);
      const task = plan?.tasks.find((t) => t.pipeline === event.pipeline);
      if (plan && task) results.add({ key: task.specHash, pipeline: task.pipeline, partition: plan.run.partition, finishedAt: now() });
    }
    options.onEvent?.(event, db);
  };
  const engine = new Engine({
    db,
    home,
    onEvent,
    ...(options.executor ? { executor: options.executor } : {}),
    // Staging named after this run's own directory: in-memory run ids repeat from one local run to the next.
    mode: { kind: 'local', stagingHome: options.logs },
  });
  const cancel = (): void => {
    for (const { runId } of runs) {
      const run = getRun(db, runId);
      if (!run || isRunTerminal(run.state)) continue;
      inWriteTransaction(db, () => markRunCancelled(db, runId, now(), 'cancelled: the local run was interrupted'));
      engine.refresh(runId); // the engine stops the attempts it watches
    }
  };
  for (const { runId, specs } of runs) engine.claimCreated({ runId, cancelled: [], passthrough: options.passthrough, ...(specs ? { specs } : {}) });
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await engine.whenIdle();
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    results.flush();
  }
}

/** One earlier success per cache key (fanned-out plans may share an upstream task). */
function dedupe<T extends LocalEarlierResult>(results: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const result of results) if (!seen.has(result.specHash)) seen.set(result.specHash, result);
  return [...seen.values()];
}

/** The reason a reused task shows. */
function reuseReason(result: LocalEarlierResult): string {
  return result.source === 'index' ? 'same inputs as an earlier local run' : 'same inputs as the datasets already in the lake';
}
