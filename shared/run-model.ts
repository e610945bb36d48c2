/**
 * Durable records of runs, task runs and attempts, as read from the store and
 * shown by the CLI, the local API and the renderer. Times are epoch ms.
 */
import type { CommandSpec, DatasetFormat, ErrorRule, ExecutionSettings, GateConfig } from './config-model.js';
import type { AttemptState, RunState, TaskState } from './state-machines.js';

/** How the targets' upstream is treated (TDAG `update_tree` / `update_only_tree`). */
export type Selection = 'upstream' | 'no_upstream' | 'only_upstream';

/** What asked for a run (`debug`: `tickwork run --debug`, one task at a time in the terminal; `sweep`: a trial of `tickwork sweep`). */
export type RunTrigger = 'cli' | 'schedule' | 'api' | 'backfill' | 'tray' | 'ensure' | 'debug' | 'sweep';

/**
 * How a run executes (TDAG's modes), told to each attempt as TICKWORK_MODE:
 * `live` through the home's store (and the daemon when one runs), `local` the
 * same engine over an in-memory store (run/local-mode.ts), `debug` one task
 * at a time attached to the terminal (run/debug-run.ts).
 */
export type RunMode = 'live' | 'local' | 'debug';

/** A run's partition: always a date, plus static keys such as region. */
export type Partition = Readonly<Record<string, string>> & { readonly date: string };

/** What a task keeps of its passed-through variables: the names that had a value, and a keyed digest of name → value. */
export interface PassthroughRecord {
  readonly names: readonly string[];
  readonly digest: string;
}

/** Everything needed to execute one pipeline of a run, frozen when the run is created. */
export interface TaskSpec extends ExecutionSettings {
  readonly command: CommandSpec;
  readonly onError: readonly ErrorRule[];
  readonly waitFor?: GateConfig;
  /** depends_on outside this run (--no-upstream): the task waits for their latest success for its partition. */
  readonly externalUpstream?: readonly string[];
  /** With env_passthrough: which names the trigger had a value for, and their keyed digest (never the values). */
  readonly passthrough?: PassthroughRecord;
  /** The content of the `code:` files when the run was planned: path relative to the project dir → hex SHA-256. Part of the cache key. */
  readonly codeFiles?: Readonly<Record<string, string>>;
  /** Declared outputs (templated globs, relative to the project dir): a success leaves each matching a file. */
  readonly outputs?: readonly string[];
  /** The datasets it writes and reads, and where the lake is (absent: none). Not part of the cache key. */
  readonly lake?: TaskLake;
}

/** A dataset as a task sees it: its name, format and hive levels. */
export interface TaskDataset {
  readonly name: string;
  readonly format: DatasetFormat;
  readonly partitionBy: readonly string[];
}

/** A task's datasets, frozen with the lake's location when the run is created. */
export interface TaskLake {
  /** Absolute lake root; `.staging/` under it holds the attempts' output directories. */
  readonly root: string;
  readonly name: string;
  /** The date-range folder: `<start>_<end>`, or `all`. */
  readonly range: string;
  /** The `<hash>` folder of the datasets it provides: its definition's lake hash (lake/lake-hash.ts), the same for every partition. Absent in specs planned before lake hashes (their folder was the cache key). */
  readonly hash?: string;
  /** What it provides: each gets TICKWORK_OUTPUT_<NAME>, published when an attempt succeeds. */
  readonly outputs: readonly TaskDataset[];
  /** What it requires, with the pipeline that produces each: TICKWORK_INPUT_<NAME> and _ROOT. */
  readonly inputs: ReadonlyArray<TaskDataset & { readonly producer: string }>;
}

/** One run of a selection of pipelines for one partition. */
export interface RunRecord {
  readonly id: number;
  readonly project: string;
  readonly projectFile: string;
  readonly targets: readonly string[];
  readonly selection: Selection;
  readonly force: boolean;
  readonly partition: Partition;
  readonly partitionKey: string;
  readonly params: Readonly<Record<string, string>>;
  readonly pools: Readonly<Record<string, number>>;
  readonly trigger: RunTrigger;
  readonly idempotencyKey: string | null;
  /** Runs with the same targets allowed to run at once (null: no limit); more wait queued. */
  readonly maxActive: number | null;
  /** When the run's data was marked ready (`wait_for: {data_ready: true}` gates), or null. */
  readonly dataReadyAt: number | null;
  readonly state: RunState;
  readonly reason: string | null;
  readonly ownerToken: string | null;
  readonly ownerPid: number | null;
  readonly ownerStart: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** One pipeline inside a run. */
export interface TaskRunRecord {
  readonly id: number;
  readonly runId: number;
  readonly pipeline: string;
  readonly topoIndex: number;
  readonly state: TaskState;
  readonly spec: TaskSpec;
  readonly specHash: string;
  readonly upstream: readonly string[];
  readonly isTarget: boolean;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly cachedFrom: number | null;
  /** When the task, its upstream done, began waiting on its wait_for gate. */
  readonly gateSince: number | null;
  readonly reason: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** Why the engine signalled an attempt's process group. */
export type KillReason = 'timeout' | 'cancel';

/** One process execution of a task. */
export interface AttemptRecord {
  readonly id: number;
  readonly taskRunId: number;
  readonly number: number;
  readonly state: AttemptState;
  /** The attempt's output (stdout and stderr interleaved). */
  readonly logPath: string;
  readonly pid: number | null;
  readonly pidStart: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error: string | null;
  readonly killReason: KillReason | null;
  /** When the kill was asked for (SIGTERM sent); SIGKILL is due kill_grace later. */
  readonly killAt: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** One row of the append-only journal. */
export interface EventRecord {
  readonly seq: number;
  readonly at: number;
  /**
   * `alert` rows carry the alert's id, rule, title and body in `data`; `note`
   * rows a fact about a task that changes no state (store/run-notes.ts);
   * `schedule` rows a schedule paused or resumed (`data.key`, `data.change`);
   * `clock` rows a sleep, clock change or daemon-down period recorded
   * (`data`: a ClockPeriod); `backfill` rows a backfill's or one of its
   * partitions' state change (`data`: a BackfillEventData).
   */
  readonly kind: 'run' | 'task' | 'attempt' | 'alert' | 'note' | 'schedule' | 'clock' | 'backfill';
  readonly runId: number | null;
  readonly taskRunId: number | null;
  readonly attemptId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
}
