/**
 * What the tray knows, as a pure reducer: `reduceTray(state, change) → state`.
 * The feed (tray-feed.ts) dispatches; the model (tray-model.ts) draws.
 *
 * Connection, as a state machine:
 *   disconnected → connected (`connection` true; the lists stay empty until the first `snapshot`)
 *   connected → disconnected (`connection` false: everything read from that daemon is dropped,
 *   so the menu never shows a stale run as running)
 *
 * Runs: a `snapshot` (runs.list, schedules.list, projects.list) replaces the
 * lists; a run `event` between snapshots moves a run at once (queued →
 * running, running → finished; never backwards), so the icon does not wait
 * for the re-read.
 *
 * "Failed since last look": the ids of runs that failed after `lastLookAt`
 * (the user last opened the menu or the dashboard). A run that finished
 * failed after that instant joins, from a snapshot or an event; `looked`
 * clears the set and moves the instant. The set outlives the runs list, so a
 * failure that scrolls out of the last runs still colours the icon.
 */
import { assertNever, canRunTransition, RUN_STATES, type RunState } from '../../shared/state-machines.js';
import type { EventRecord, RunRecord } from '../../shared/run-model.js';
import type { ScheduleInfo } from '../../shared/schedule-model.js';
import { partitionText } from '../../shared/partition-text.js';

/** How many finished runs the menu lists. */
export const RECENT_RUNS = 5;

/** A run as the tray shows it. */
export interface TrayRun {
  readonly id: number;
  readonly project: string;
  readonly targets: readonly string[];
  /** `2024-05-01` or `2024-05-01 · region=eu`. */
  readonly partition: string;
  readonly state: RunState;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** A schedule as the tray shows it: its next effective fire (skipping slots its pause will skip). */
export interface TraySchedule {
  readonly key: string;
  readonly project: string;
  readonly name: string;
  /** The pause in force: `until` null means until resumed; absent pause: null. */
  readonly paused: { readonly until: number | null } | null;
  /** The first fire that will actually run, or null (none known). */
  readonly nextFire: number | null;
}

/** A served project and what the Run ▸ menu offers of it. */
export interface TrayProject {
  readonly name: string;
  /** Its tickwork.yaml (runs.trigger's `project`). */
  readonly file: string;
  readonly pipelines: readonly string[];
  readonly jobs: readonly string[];
}

/** See the file comment. */
export interface TrayState {
  readonly connected: boolean;
  /** A snapshot was read since the last connect. */
  readonly loaded: boolean;
  /** Queued and running runs, oldest first. */
  readonly active: readonly TrayRun[];
  /** The last RECENT_RUNS finished runs, newest first. */
  readonly recent: readonly TrayRun[];
  readonly schedules: readonly TraySchedule[];
  readonly projects: readonly TrayProject[];
  readonly lastLookAt: number;
  readonly failedSinceLook: readonly number[];
}

/** What a snapshot carries: the API's own answers. */
export interface TraySnapshot {
  /** Newest first, active and finished mixed (several runs.list answers concatenated; duplicates allowed). */
  readonly runs: readonly RunRecord[];
  readonly schedules: readonly ScheduleInfo[];
  readonly projects: ReadonlyArray<{ readonly name: string; readonly file: string; readonly pipelines: readonly string[]; readonly jobs: readonly string[] }>;
}

/** Everything that changes the tray's state. */
export type TrayChange =
  | { readonly type: 'connection'; readonly connected: boolean }
  | { readonly type: 'snapshot'; readonly snapshot: TraySnapshot }
  | { readonly type: 'event'; readonly event: EventRecord }
  | { readonly type: 'looked'; readonly at: number };

/** The state before anything was heard: not connected, last look at `now`. */
export function initialTrayState(now: number): TrayState {
  return { connected: false, loaded: false, active: [], recent: [], schedules: [], projects: [], lastLookAt: now, failedSinceLook: [] };
}

/** See the file comment. */
export function reduceTray(state: TrayState, change: TrayChange): TrayState {
  switch (change.type) {
    case 'connection':
      if (change.connected === state.connected) return state;
      return change.connected ? { ...state, connected: true } : { ...initialTrayState(state.lastLookAt), failedSinceLook: state.failedSinceLook };
    case 'snapshot':
      return state.connected ? applySnapshot(state, change.snapshot) : state;
    case 'event':
      return state.connected ? applyEvent(state, change.event) : state;
    case 'looked':
      return { ...state, lastLookAt: Math.max(state.lastLookAt, change.at), failedSinceLook: [] };
    default:
      return assertNever(change);
  }
}

function applySnapshot(state: TrayState, snapshot: TraySnapshot): TrayState {
  const byId = new Map<number, TrayRun>();
  for (const run of snapshot.runs) if (!byId.has(run.id)) byId.set(run.id, trayRun(run));
  const runs = [...byId.values()];
  const active = runs.filter((r) => isActive(r.state)).sort((a, b) => a.id - b.id);
  const recent = runs.filter((r) => !isActive(r.state)).sort(newestFinishedFirst).slice(0, RECENT_RUNS);
  const failed = runs.filter((r) => failedAfter(r, state.lastLookAt)).map((r) => r.id);
  return {
    ...state,
    loaded: true,
    active,
    recent,
    schedules: snapshot.schedules.map(traySchedule),
    projects: snapshot.projects.map((p) => ({ name: p.name, file: p.file, pipelines: [...p.pipelines], jobs: [...p.jobs] })),
    failedSinceLook: union(state.failedSinceLook, failed),
  };
}

/** A run event moves a run the tray already knows; runs it does not know wait for the re-read. */
function applyEvent(state: TrayState, event: EventRecord): TrayState {
  if (event.kind !== 'run' || event.runId === null || event.to === null || !isRunState(event.to)) return state;
  const to = event.to;
  const known = state.active.find((r) => r.id === event.runId) ?? state.recent.find((r) => r.id === event.runId);
  // A run only moves forward (state-machines.ts): an event older than the snapshot that already
  // holds its outcome (heard while the snapshot was read) must not bring a finished run back.
  if (!known || !canRunTransition(known.state, to)) return state;
  const moved: TrayRun = { ...known, state: to, startedAt: to === 'running' ? known.startedAt ?? event.at : known.startedAt, finishedAt: isActive(to) ? null : event.at };
  const others = (list: readonly TrayRun[]): TrayRun[] => list.filter((r) => r.id !== moved.id);
  if (isActive(to)) return { ...state, active: [...others(state.active), moved].sort((a, b) => a.id - b.id), recent: others(state.recent) };
  return {
    ...state,
    active: others(state.active),
    recent: [moved, ...others(state.recent)].sort(newestFinishedFirst).slice(0, RECENT_RUNS),
    failedSinceLook: failedAfter(moved, state.lastLookAt) ? union(state.failedSinceLook, [moved.id]) : state.failedSinceLook,
  };
}

function trayRun(run: RunRecord): TrayRun {
  return { id: run.id, project: run.project, targets: run.targets, partition: partitionText(run.partition), state: run.state, createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt };
}

function traySchedule(info: ScheduleInfo): TraySchedule {
  const pause = info.paused;
  // While paused, the fires before `until` (all, when until resumed) are skipped, never run.
  const nextFire = info.nextFires.find((fire) => !pause || (pause.until !== null && fire >= pause.until)) ?? null;
  return { key: info.key, project: info.project, name: info.name, paused: pause ? { until: pause.until } : null, nextFire };
}

const isActive = (state: RunState): boolean => state === 'queued' || state === 'running';
const isRunState = (value: string): value is RunState => (RUN_STATES as readonly string[]).includes(value);
const failedAfter = (run: TrayRun, at: number): boolean => run.state === 'failed' && run.finishedAt !== null && run.finishedAt > at;
const newestFinishedFirst = (a: TrayRun, b: TrayRun): number => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt) || b.id - a.id;
const union = (a: readonly number[], b: readonly number[]): readonly number[] => (b.every((id) => a.includes(id)) ? a : [...new Set([...a, ...b])]);
