/**
 * A project as the dashboard draws it: `projects.graph` (the DAG view and
 * the Launch form) and `partitions.matrix` (the Backfill view's dates ×
 * static partition values, each cell the latest run of the target).
 */
import type { PartitionNarrowing } from './config-model.js';
import type { ScheduleInfo } from './schedule-model.js';
import type { RunState } from './state-machines.js';

/** A pipeline node of the DAG. */
export interface GraphPipeline {
  readonly name: string;
  readonly description: string | null;
  readonly dependsOn: readonly string[];
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  readonly pool: string;
  readonly priority: number;
  readonly partitions: PartitionNarrowing | null;
  readonly outputs: readonly string[];
  /** The key of its schedule (schedules.list), or null. */
  readonly scheduleKey: string | null;
}

/** A job: a named set of pipelines run together. */
export interface GraphJob {
  readonly name: string;
  readonly description: string | null;
  readonly pipelines: readonly string[];
  readonly partitions: PartitionNarrowing | null;
  readonly scheduleKey: string | null;
}

/** The answer to projects.graph. */
export interface ProjectGraph {
  readonly name: string;
  readonly file: string;
  readonly timezone: string;
  readonly pools: Readonly<Record<string, number>>;
  /** Param defaults, secrets masked (the Launch form's defaults). */
  readonly params: Readonly<Record<string, string>>;
  /** Static partition keys and their values. */
  readonly partitions: Readonly<Record<string, readonly string[]>>;
  /** Pipelines in topological order. */
  readonly pipelines: readonly GraphPipeline[];
  readonly jobs: readonly GraphJob[];
  /** depends_on edges, upstream → downstream. */
  readonly edges: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly schedules: readonly ScheduleInfo[];
}

/** One cell of the matrix: the latest run of the target for a date and a combination of static values. */
export interface MatrixCell {
  readonly date: string;
  /** Index into `columns`. */
  readonly column: number;
  readonly runId: number;
  readonly state: RunState;
  /** How many runs the cell has had (reruns, retries of a backfill). */
  readonly runs: number;
}

/** The answer to partitions.matrix. */
export interface PartitionMatrix {
  readonly target: string;
  readonly from: string;
  readonly to: string;
  /** Every calendar day from..to, oldest first. */
  readonly dates: readonly string[];
  /** The target's schedule calendar (the backfill default), or null; `closed`: the days of `dates` it does not trade. */
  readonly calendar: string | null;
  readonly closed: readonly string[];
  /** The static-key combinations the target fans out to, e.g. [{region: 'US'}, {region: 'EU'}] ([{}] when unpartitioned). */
  readonly columns: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Cells that have a run (the rest have none), by date then column. */
  readonly cells: readonly MatrixCell[];
}
