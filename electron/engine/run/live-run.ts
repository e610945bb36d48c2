/**
 * The engine's in-memory mirror of one run it drives. It is always
 * re-derivable from the store (`loadLiveRun`), and it changes only after the
 * store has committed the corresponding transition.
 */
import type { Db } from '../store/open-store.js';
import type { RunRecord, TaskSpec } from '../../../shared/run-model.js';
import type { TaskState, RunState } from '../../../shared/state-machines.js';
import type { AttemptProcess } from '../exec/local-executor.js';
import type { KillReason } from '../../../shared/run-model.js';
import type { TimerHandle } from '../util/clock.js';
import { getRun } from '../store/run-store.js';
import { taskRunStatesOfRun, taskStatesOfRun, tasksOfRun, type TaskRunState } from '../store/task-store.js';
import { isTaskTerminal } from '../../../shared/state-machines.js';
import { downstreamIndex } from './run-graph.js';
import { ReadyQueue } from './ready-queue.js';

/** A process the engine is watching for one attempt. */
export interface LiveAttempt {
  readonly id: number;
  readonly number: number;
  readonly logPath: string;
  readonly startedAt: number;
  readonly process: AttemptProcess;
  killReason: KillReason | null;
  /** Whether the store knows the pid yet (written lazily: see AttemptRunner.recordPids). */
  pidRecorded: boolean;
  timeoutTimer: TimerHandle | null;
  cancelKill: (() => void) | null;
}

/** A task of a live run. */
export interface LiveTask {
  readonly id: number;
  readonly runId: number;
  readonly pipeline: string;
  readonly topoIndex: number;
  readonly spec: TaskSpec;
  readonly upstream: readonly string[];
  state: TaskState;
  attempts: number;
  nextAttemptAt: number | null;
  attempt: LiveAttempt | null;
  retryTimer: TimerHandle | null;
  /** Its wait_for gate has not opened yet (re-checked after a restart). */
  gated: boolean;
  gateTimer: TimerHandle | null;
  gateSince: number | null;
}

/** A run the engine drives. */
export interface LiveRun {
  record: RunRecord;
  state: RunState;
  readonly tasks: Map<string, LiveTask>;
  /** pipeline → its direct downstream pipelines in this run. */
  readonly downstream: ReadonlyMap<string, readonly string[]>;
  /** The tasks in state `ready`, in start order (kept by setLiveTaskState), so starting work never rescans the run. */
  readonly ready: ReadyQueue;
  /** The env_passthrough values its tasks get (memory only; set when the engine claims the run, see Engine.claim). */
  passthrough?: Readonly<Record<string, string>>;
}

/** Changes a task's mirrored state (after the store committed it), keeping `run.ready` in step. */
export function setLiveTaskState(run: LiveRun, task: LiveTask, state: TaskState): void {
  task.state = state;
  if (state === 'ready') run.ready.add(task);
  else run.ready.delete(task);
}

/** Per run: its tasks in order, and how many of the first ones are known to be terminal. */
const terminalPrefix = new WeakMap<LiveRun, { readonly tasks: readonly LiveTask[]; done: number }>();

/**
 * True when every task of the run is terminal. A terminal task state never
 * changes again, so the tasks already seen terminal are not looked at twice:
 * checking after every settle costs a step per finished task, not a pass over
 * the run.
 */
export function allTasksTerminal(run: LiveRun): boolean {
  let prefix = terminalPrefix.get(run);
  if (!prefix) {
    prefix = { tasks: [...run.tasks.values()], done: 0 };
    terminalPrefix.set(run, prefix);
  }
  while (prefix.done < prefix.tasks.length && isTaskTerminal(prefix.tasks[prefix.done]!.state)) prefix.done++;
  return prefix.done === prefix.tasks.length;
}

/**
 * Builds the mirror of run `id` from the store (undefined if the run does not
 * exist). `specs` (pipeline → spec) are the specs of a run this process just
 * created: they are what the store holds, so 1000 JSON specs need not be read
 * back and parsed.
 */
export function loadLiveRun(db: Db, id: number, specs?: ReadonlyMap<string, TaskSpec>): LiveRun | undefined {
  const record = getRun(db, id);
  if (!record) return undefined;
  const rows: Array<TaskRunState & { readonly spec?: TaskSpec }> = specs ? taskRunStatesOfRun(db, id) : tasksOfRun(db, id);
  if (specs && !rows.every((row) => specs.has(row.pipeline))) return loadLiveRun(db, id);
  const tasks = new Map<string, LiveTask>();
  for (const row of rows) {
    const spec = row.spec ?? specs!.get(row.pipeline)!;
    tasks.set(row.pipeline, {
      id: row.id,
      runId: row.runId,
      pipeline: row.pipeline,
      topoIndex: row.topoIndex,
      spec,
      upstream: row.upstream,
      state: row.state,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt,
      attempt: null,
      retryTimer: null,
      gated: spec.waitFor !== undefined || (spec.externalUpstream?.length ?? 0) > 0,
      gateTimer: null,
      gateSince: row.gateSince,
    });
  }
  const ready = new ReadyQueue([...tasks.values()].filter((task) => task.state === 'ready'));
  return { record, state: record.state, tasks, downstream: downstreamIndex(tasks.values()), ready };
}

/** Refreshes task and run states from the store, keeping attempts and timers. */
export function refreshLiveRun(db: Db, run: LiveRun): void {
  const record = getRun(db, run.record.id);
  if (!record) return;
  run.record = record;
  run.state = record.state;
  for (const row of taskStatesOfRun(db, run.record.id)) {
    const task = run.tasks.get(row.pipeline);
    if (!task) continue;
    setLiveTaskState(run, task, row.state);
    task.attempts = row.attempts;
    task.nextAttemptAt = row.nextAttemptAt;
  }
}
