/**
 * Schedules and the laptop's own time as the API shows them: every
 * schedule with its next fires and pause, the slots that did not simply
 * fire on time, and the periods the daemon saw the machine asleep or was
 * not running (`schedules.list`, `timeline.periods`). Times are UTC ms.
 *
 * A schedule's pause, as a state machine:
 *   active → paused (schedules.pause; `until` optional)
 *   paused → active (schedules.resume; or by itself once `until` passes)
 * While paused, each slot that comes due is recorded `paused` and never
 * fires; on resume nothing is caught up unless asked (`catchUp`), then the
 * schedule's policy picks which of the paused slots fire (`all`: each in the
 * catch-up window, else the newest), recorded `catch_up_pending` until its
 * run is created (`caught_up`).
 */
import type { CatchupPolicy, PartitionNarrowing } from './config-model.js';

/** A schedule's pause. */
export interface SchedulePause {
  readonly pausedAt: number;
  /** It resumes by itself at this instant; null: until resumed. */
  readonly until: number | null;
  readonly reason: string | null;
}

/** One scheduled pipeline or job of a served project. */
export interface ScheduleInfo {
  /** `<tickwork.yaml>#<pipeline|job>:<name>`: what schedules.pause and resume take. */
  readonly key: string;
  readonly project: string;
  readonly projectFile: string;
  readonly kind: 'pipeline' | 'job';
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  readonly calendar: string | null;
  readonly catchup: CatchupPolicy;
  readonly catchupWindowMs: number;
  readonly partitions: PartitionNarrowing | null;
  /** The pause in force, or null. */
  readonly paused: SchedulePause | null;
  /** The next fires of the cron (and calendar), soonest first; while paused, those before `paused.until` (or all) will be skipped. */
  readonly nextFires: readonly number[];
  /** The newest slot the scheduler handled (fired or skipped), or null before its first look. */
  readonly lastSlot: number | null;
}

/** What became of a slot that did not simply fire on time. */
export type SlotOutcome = 'paused' | 'caught_up' | 'skipped_by_policy' | 'catch_up_pending';

/** A slot the timeline marks. */
export interface SlotRecord {
  readonly key: string;
  readonly slot: number;
  readonly outcome: SlotOutcome;
  /** The run it led to (caught_up), else null. */
  readonly runId: number | null;
  readonly recordedAt: number;
}

/** What the daemon saw of the machine's time. */
export type ClockPeriodKind = 'sleep' | 'daemon_down' | 'clock_change';

/** A period to shade (a clock_change is an instant: startedAt = endedAt). */
export interface ClockPeriod {
  readonly kind: ClockPeriodKind;
  readonly startedAt: number;
  readonly endedAt: number;
  /** heartbeat (a wall-clock jump the scheduler noticed), power_event (the shell said so), daemon_start (the last heartbeat before it). */
  readonly source: 'heartbeat' | 'power_event' | 'daemon_start';
}

/** Everything `timeline.periods` returns for a window. */
export interface TimelinePeriods {
  readonly from: number;
  readonly to: number;
  /** Periods overlapping the window, oldest first. */
  readonly periods: readonly ClockPeriod[];
  /** Slots in the window that were paused, caught up or skipped by policy, oldest first. */
  readonly slots: readonly SlotRecord[];
}
