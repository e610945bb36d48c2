/** The query cache's keys, one place, so events invalidate exactly what they change. */
import type { RunListFilters } from '../../shared/api-contract.js';

/** Keys of every cached query. */
export const queryKeys = {
  /** Every Runs list (any filters). */
  runLists: ['runs', 'list'] as const,
  runList: (filters: RunListFilters) => ['runs', 'list', filters] as const,
  run: (id: number) => ['runs', 'get', id] as const,
  /** A run's attempts and journal (runs.attempts, runs.events): every event of the run refreshes them. */
  runHistory: (id: number) => ['runs', 'history', id] as const,
  runAttempts: (id: number) => ['runs', 'history', id, 'attempts'] as const,
  runEvents: (id: number) => ['runs', 'history', id, 'events'] as const,
  /** A re-run's preview, asked again when the run's state changes (a finished run's tasks no longer do). */
  rerunPreview: (id: number, mode: string, tasks: readonly string[], runState: string) => ['runs', 'rerun-preview', id, mode, tasks, runState] as const,
  /** Which re-runs the engine allows, asked again when the run's state changes. */
  rerunChoices: (id: number, runState: string) => ['runs', 'rerun-choices', id, runState] as const,
  projects: ['projects'] as const,
  alerts: ['alerts'] as const,
  /** The Health view's report (health.get): alert events and finished runs refresh it. */
  health: ['health'] as const,
  /** The Overview's data (overview-live.ts keeps it current): targets, schedules, and the timeline's runs, periods and closed days per window. */
  overviewTargets: ['overview', 'targets'] as const,
  schedules: ['overview', 'schedules'] as const,
  timelineRuns: (from: number, to: number) => ['overview', 'timeline-runs', from, to] as const,
  timelinePeriods: (from: number, to: number) => ['overview', 'timeline-periods', from, to] as const,
  closedDays: (from: string, to: string) => ['overview', 'closed-days', from, to] as const,
};
