/**
 * The validated, normalised shape of a `tickwork.yaml` project.
 *
 * The config loader (electron/engine/config) turns YAML into these read-only
 * values; everything downstream (planner, engine, CLI, renderer) reads only
 * these types, never raw YAML. Durations are milliseconds; priorities are
 * numbers (low = -10, normal = 0, high = 10; higher starts sooner).
 */

/** What to do with a failed attempt whose exit code / output matched a rule. */
export type ErrorAction = 'retry' | 'fail' | 'skip';

/** One ordered `on_error` rule; a rule matches when every condition it names matches. */
export interface ErrorRule {
  readonly exitCodes?: readonly number[];
  /** Regex source, matched against the attempt's last 64 KiB of output. */
  readonly output?: string;
  readonly action: ErrorAction;
  /** Total attempts allowed when this rule decides `retry` (overrides `retries + 1`). */
  readonly maxAttempts?: number;
  /** Base delay for retries decided by this rule (overrides the pipeline's `retry_delay`). */
  readonly retryDelayMs?: number;
}

/** A command: an argv list runs without a shell; a string runs through `/bin/sh -c`. */
export type CommandSpec =
  | { readonly kind: 'argv'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly script: string };

/** Execution settings shared by `defaults` and each pipeline (pipeline wins). */
export interface ExecutionSettings {
  /** Retries after the first attempt (max attempts = retries + 1). */
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Exponential backoff factor (delay n = retry_delay * backoff^(n-1)). */
  readonly backoff: number;
  readonly maxRetryDelayMs: number;
  /** Random spread applied to each retry delay, as a fraction (0.1 = ±10%). */
  readonly jitter: number;
  /** Wall-clock limit of one attempt; null = none. */
  readonly timeoutMs: number | null;
  /** Time between SIGTERM and SIGKILL when a timeout or cancel stops an attempt. */
  readonly killGraceMs: number;
  readonly pool: string;
  readonly priority: number;
  /** Absolute working directory (relative paths resolve against the project dir). */
  readonly cwd: string;
  /** Extra environment (templated); merged over the base environment and the passed-through variables (README: Environment rule). */
  readonly env: Readonly<Record<string, string>>;
  /** Variable names (`*` wildcards allowed) whose values come from whoever triggers the run; absent: none. */
  readonly envPassthrough?: readonly string[];
  /** Cap of one attempt's log in bytes (head and tail kept, the middle cut); null: no cap; absent: the default, 100 MB. */
  readonly logMaxBytes?: number | null;
  /** `code:` file globs (project-relative or absolute) whose content enters the cache key; `defaults` and the pipeline's add up. Absent: none. */
  readonly code?: readonly string[];
}

/** What a schedule does with the slots it missed while the machine slept or was off. */
export type CatchupPolicy = 'latest' | 'all' | 'none';

/** When a pipeline or job fires by itself. */
export interface ScheduleConfig {
  /** Cron expression with 5 fields (minute…weekday) or 6 (seconds first). */
  readonly cron: string;
  /** IANA zone the expression is read in (the schedule's own, else the project's). */
  readonly timezone: string;
  /** Trading calendar that restricts fires to its trading days (e.g. NYSE), or null. */
  readonly calendar: string | null;
  readonly catchup: CatchupPolicy;
  /** Missed slots older than this are not caught up. */
  readonly catchupWindowMs: number;
  /** Narrows the partition values this schedule fires for (see PartitionNarrowing). */
  readonly partitions?: PartitionNarrowing;
}

/**
 * `partitions: {region: [US]}` on a pipeline, job or schedule: the values of
 * each named static key it runs for, a subset of the project's. A key named
 * here is fanned out over even when no command template mentions it.
 */
export type PartitionNarrowing = Readonly<Record<string, readonly string[]>>;

/**
 * What a pipeline waits for before it may start, once its upstream is done;
 * every condition given must hold. Checked every `pollMs`; past `timeoutMs`
 * the task fails with the conditions that were still unmet.
 */
export interface GateConfig {
  /** The run's data was marked ready (`tickwork ensure --data-ready`). */
  readonly dataReady: boolean;
  /** A path template that must exist; `*` and `?` may appear in its last segment. */
  readonly file: string | null;
  /** A command that must exit 0 (argv without a shell, or a /bin/sh -c string). */
  readonly command: CommandSpec | null;
  readonly pollMs: number;
  /** null: wait without limit. */
  readonly timeoutMs: number | null;
}

/** What a new run does when its target already has `maxActiveRuns` active runs. */
export type OverlapPolicy = 'queue' | 'skip' | 'cancel_previous';

/** How many runs of one pipeline or job may be active at once. */
export interface ConcurrencyConfig {
  readonly maxActiveRuns: number;
  readonly overlap: OverlapPolicy;
}

/** Error-rate rule: alert when failed ÷ finished over `windowMs` reaches `threshold`. */
export interface ErrorRateRule {
  /** Fraction in (0, 1]. */
  readonly threshold: number;
  readonly windowMs: number;
  /** Finished task runs needed in the window before the rate means anything. */
  readonly minRuns: number;
}

/**
 * When a pipeline raises alerts: built-in defaults ← the project's `alerts`
 * ← the pipeline's `alerts`. A null rule is off.
 */
export interface AlertRules {
  /** A run ended failed because this pipeline failed. */
  readonly runFailed: boolean;
  /** This pipeline failed after using up its retries (only when it had any). */
  readonly retriesExhausted: boolean;
  /** Stale data: no success within this age. */
  readonly freshnessMs: number | null;
  readonly errorRate: ErrorRateRule | null;
  /** Long-running: an attempt running longer than this. */
  readonly maxDurationMs: number | null;
  /** Long-running: an attempt running longer than k × the pipeline's p95 (and at least a minute). */
  readonly p95Factor: number | null;
  /** Stuck: a run with nothing running and no progress for this long. */
  readonly stuckAfterMs: number | null;
}

/** A Slack-compatible incoming webhook (JSON POST with a `text` field). */
export interface WebhookChannel {
  readonly url: string;
  /** Deliveries retried this many times after the first failure. */
  readonly retries: number;
  /** Base delay between tries (doubled each time). */
  readonly retryDelayMs: number;
}

/** Where a project's alerts are delivered (the event stream always gets them). */
export interface AlertChannels {
  readonly desktop: boolean;
  readonly webhook: WebhookChannel | null;
}

/** One pipeline (a node of the DAG). */
export interface PipelineConfig extends ExecutionSettings {
  readonly name: string;
  readonly description?: string;
  readonly command: CommandSpec;
  readonly dependsOn: readonly string[];
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  readonly onError: readonly ErrorRule[];
  readonly waitFor?: GateConfig;
  readonly schedule?: ScheduleConfig;
  readonly concurrency?: ConcurrencyConfig;
  /** The partition values this pipeline runs for when it is a run's target. */
  readonly partitions?: PartitionNarrowing;
  /** Declared outputs: templated file globs (project-relative or absolute); each must match a file for a success to count or be reused. */
  readonly outputs?: readonly string[];
  readonly alerts: AlertRules;
  /** `keep_awake: true`: while a run with this pipeline is active the desktop app keeps the machine from sleeping (present only when true). */
  readonly keepAwake?: true;
}

/** A named selection of pipelines (the old `daily`, `weekly`, `full` modes). */
export interface JobConfig {
  readonly name: string;
  readonly description?: string;
  readonly pipelines: readonly string[];
  /** env_passthrough names added to every task of a run that targets this job. */
  readonly envPassthrough?: readonly string[];
  readonly schedule?: ScheduleConfig;
  readonly concurrency?: ConcurrencyConfig;
  /** The partition values this job runs for. */
  readonly partitions?: PartitionNarrowing;
}

/** A whole validated project. */
export interface ProjectConfig {
  readonly name: string;
  /** IANA zone; `{{ date }}` defaults to "today" in this zone. */
  readonly timezone: string;
  /** Absolute directory holding tickwork.yaml. */
  readonly dir: string;
  /** Absolute path of tickwork.yaml. */
  readonly file: string;
  /** Pool name → concurrent slots; always contains `default`. */
  readonly pools: Readonly<Record<string, number>>;
  /** Default values for `{{ params.<key> }}` (overridden by `--param`). */
  readonly params: Readonly<Record<string, string>>;
  /** Static partition keys and their allowed values, e.g. region: [US, EU]. */
  readonly partitions: Readonly<Record<string, readonly string[]>>;
  /** Pipelines in file order. */
  readonly pipelines: ReadonlyMap<string, PipelineConfig>;
  readonly jobs: ReadonlyMap<string, JobConfig>;
  readonly alertChannels: AlertChannels;
  /** How long finished runs and their logs are kept (`tickwork prune`, the daemon daily); absent: 90d and 30d. */
  readonly retention?: RetentionConfig;
  /** Declared datasets by name (file order); a pipeline `provides` one to write it and `requires` one to read it. Absent: none. */
  readonly datasets?: ReadonlyMap<string, DatasetConfig>;
  /** Where datasets are published; the loader always sets it (defaults included). */
  readonly lake?: LakeConfig;
  /** Declared parameter sweeps by name (file order; `tickwork sweep NAME`). Absent: none. */
  readonly sweeps?: ReadonlyMap<string, SweepConfig>;
}

/** How a dataset's files are written; `dir` is any files at all. */
export type DatasetFormat = 'parquet' | 'csv' | 'json' | 'dir';

/** The formats a dataset may declare. */
export const DATASET_FORMATS: readonly DatasetFormat[] = ['parquet', 'csv', 'json', 'dir'];

/** One entry of the top-level `datasets:` map. */
export interface DatasetConfig {
  readonly name: string;
  readonly format: DatasetFormat;
  /** Hive levels under the dataset's hash directory, in order: the project's partition keys, `date` for the run date. */
  readonly partitionBy: readonly string[];
  readonly description?: string;
}

/** The data lake: `<root>/<name>/<range folder>/<dataset>/<hash>/<key>=<value>/…`. */
export interface LakeConfig {
  /** Absolute directory (default: `<project dir>/.tickwork/lake`); staging directories live in its `.staging/`. */
  readonly root: string;
  /** Default: the project's name. */
  readonly name: string;
  /** The date range the lake holds; null: the whole history (folder `all`). */
  readonly range: { readonly start: string; readonly end: string } | null;
}

/** Where a sweep's trials run: `live` through the store (run history, trigger `sweep`), `local` over an in-memory store. */
export type SweepMode = 'local' | 'live';

/** One entry of the top-level `sweeps:` map: a pipeline run once per combination of its grid's param values. */
export interface SweepConfig {
  readonly name: string;
  readonly pipeline: string;
  /** param → its values as text (ranges expanded), in file order; the trials are their cartesian product. */
  readonly grid: Readonly<Record<string, readonly string[]>>;
  /** Metric names read from each trial's TICKWORK_METRICS_FILE into the results table. */
  readonly collect: readonly string[];
  /** The results table's order: a collected metric, descending when written `-metric`; null: grid order. */
  readonly sort: { readonly metric: string; readonly descending: boolean } | null;
  /** Trials running at once (after the first, which runs alone so the shared upstream runs once). */
  readonly parallel: number;
  readonly mode: SweepMode;
}

/** `retention: {runs: 90d, logs: 30d}`; null keeps for ever. */
export interface RetentionConfig {
  /** Finished runs older than this go, with their tasks, attempts, events and logs. */
  readonly runsMs: number | null;
  /** Log files of finished runs older than this go (the runs stay). */
  readonly logsMs: number | null;
}

/** A problem a user can fix: where it is and what was expected. */
export interface ConfigProblem {
  /** File path as shown to the user (relative to cwd when shorter). */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path of the field, e.g. `pipelines.data.retries`; empty for file-level problems. */
  readonly field: string;
  readonly message: string;
}

/** Priority names accepted in YAML and their numeric values. */
export const PRIORITY_NAMES: Readonly<Record<string, number>> = { low: -10, normal: 0, high: 10 };
