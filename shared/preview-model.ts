/**
 * What a plan preview shows before anything is created: `runs.preview` (a
 * trigger request, one preview per partition it fans out to) and
 * `runs.rerun` with `preview: true`. Commands are resolved as the first
 * attempt would see them, secrets masked as `tickwork run --dry-run` masks
 * them.
 */
import type { Partition, Selection } from './run-model.js';

/** How much of a finished run `runs.rerun` runs again: every task, from failure, or the selected tasks (each with its downstream). */
export type RerunMode = 'all' | 'from_failure' | 'selected';

/** What the run would do with one task. */
export type TaskAction = 'run' | 'reuse';

/** One task of a previewed run, in execution (topological) order. */
export interface TaskPreview {
  /** 1-based position in the run's topological order. */
  readonly order: number;
  readonly pipeline: string;
  /** In-run upstream pipelines. */
  readonly upstream: readonly string[];
  /** depends_on outside the run (--no-upstream): their latest result is used. */
  readonly externalUpstream: readonly string[];
  readonly isTarget: boolean;
  readonly pool: string;
  /** Slots of the pool (1 for an undeclared pool). */
  readonly poolSize: number;
  readonly priority: number;
  /** argv, or the script of a shell command; secrets masked. */
  readonly command: readonly string[] | string;
  readonly shell: boolean;
  readonly cwd: string;
  /** The config's env for the task, secrets masked. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number | null;
  readonly retries: number;
  /** `reuse`: an earlier result is taken instead of running (`cached`). */
  readonly action: TaskAction;
  /** Why: `same inputs as run 12`, `failed in run 12`, `downstream of fetch`, `not reused from run 9: outputs missing: …`. */
  readonly why: string | null;
  /** The result reused, when `action` is reuse. */
  readonly reusedFrom: { readonly runId: number; readonly taskRunId: number } | null;
}

/** One run as it would be created. */
export interface RunPreview {
  readonly project: string;
  readonly projectFile: string;
  readonly targets: readonly string[];
  readonly selection: Selection;
  readonly force: boolean;
  readonly partition: Partition;
  readonly partitionKey: string;
  /** Params with their defaults filled in, secrets masked. */
  readonly params: Readonly<Record<string, string>>;
  readonly tasks: readonly TaskPreview[];
  /** Counts of `tasks` by action. */
  readonly toRun: number;
  readonly toReuse: number;
}

/** The answer to runs.rerun: the plan (what runs, what is reused and why); `id` the new run, null for a preview. */
export interface RerunAnswer {
  readonly id: number | null;
  readonly rerunOf: number;
  readonly mode: RerunMode;
  /** `rerun of run 12 (from failure)`, as the new run's queued event records it. */
  readonly reason: string;
  readonly plan: RunPreview;
}
