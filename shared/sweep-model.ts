/**
 * Parameter sweeps as stored and served (sweeps.list, sweeps.results): one
 * record per time a sweep ran, one trial per grid combination. Times are
 * epoch ms.
 *
 * A trial's state: pending → running → succeeded | failed | cancelled; a
 * trial identical to an earlier succeeded one (same params, same target spec
 * hash) is `succeeded` with `reused` at once, and one whose shared upstream
 * already failed in this sweep is `failed` without running.
 */
import type { SweepMode } from './config-model.js';

/** Where a sweep is. */
export type SweepState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Where one trial is. */
export type TrialState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A metric's value. */
export type SweepMetricValue = number | string | boolean | null;

/** One time a sweep ran. */
export interface SweepRecord {
  readonly id: number;
  readonly project: string;
  readonly projectFile: string;
  readonly name: string;
  readonly pipeline: string;
  readonly grid: Readonly<Record<string, readonly string[]>>;
  readonly collect: readonly string[];
  /** `metric` or `-metric` (descending); null: grid order. */
  readonly sort: string | null;
  readonly mode: SweepMode;
  readonly state: SweepState;
  /** The directory of results.csv and results.parquet; null until written. */
  readonly resultsDir: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  /** Trials by state. */
  readonly counts: Readonly<Record<TrialState, number>>;
}

/** One row of a sweep's results table. */
export interface SweepTrialRecord {
  readonly position: number;
  readonly params: Readonly<Record<string, string>>;
  readonly state: TrialState;
  /** An earlier identical trial's result stands: nothing ran this time. */
  readonly reused: boolean;
  readonly metrics: Readonly<Record<string, SweepMetricValue>>;
  readonly durationMs: number | null;
  readonly runId: number | null;
  readonly taskRunId: number | null;
  readonly specHash: string | null;
  readonly reason: string | null;
}
