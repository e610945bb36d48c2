/**
 * Fires schedules into runs, surviving sleep, restarts and clock changes.
 *
 * Every look (`tick`) asks each schedule which slots are due since the newest
 * slot it handled (due-slots.ts) and, in one transaction per schedule,
 * creates their runs — one per partition the target fans out to
 * (plan-runs.ts) — and advances that slot. A run's idempotency key
 * (schedule key + slot + static partition keys) is unique in the store, so
 * two schedulers — or a scheduler and its restarted self — can never create
 * a slot's run twice. A slot that cannot be planned is reported (onError,
 * after the commit) so the daemon raises `schedule_failed`; the next tick
 * of that schedule that creates its runs reports onOk, which resolves it.
 *
 * When: a timer armed for the next slot, plus a heartbeat every few seconds
 * that compares wall-clock time with monotonic time. Node's timers run on the
 * monotonic clock, which stands still while a laptop sleeps; the heartbeat
 * notices the jump after a wake (or a clock change) and ticks at once.
 *
 * For the timeline it records (clock-periods.ts, slot-store.ts): each sleep
 * or clock change it notices, or the shell reports (powerEvent); the gap
 * since the previous daemon's last heartbeat when it starts; slots fired
 * late (caught_up, with their run) and slots the policy or window passed
 * over (skipped_by_policy).
 *
 * A paused schedule (schedule-pause.ts) fires nothing: each slot due while
 * the pause holds is recorded `paused` and handled; once a pause's `until`
 * passes, the tick ends the pause and the schedule goes on from there.
 * Slots a resume asked to catch up fire at the next tick.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { inWriteTransaction } from '../store/statements.js';
import { advanceSlot, beat as recordHeartbeat, lastBeat, lastSlot } from '../store/schedule-store.js';
import { pauseHolds, pauseOf, allPauses } from '../store/schedule-pause-store.js';
import { pendingCatchUps, recordCaughtUp, recordSlots, settleCatchUp } from '../store/slot-store.js';
import { expirePause, pauseSchedule, resumeSchedule, type PauseAnswer } from './schedule-pause.js';
import { downPeriod, jumpPeriod, notePeriod } from './clock-periods.js';
import type { ClockPeriod } from '../../../shared/schedule-model.js';
import { planRuns, staticKeysText } from '../run/plan-runs.js';
import { createRun } from '../run/create-run.js';
import type { TriggerEnv } from '../exec/task-env.js';
import { dueSlots, MAX_LISTED, slotsThrough } from './due-slots.js';
import { nextFires } from './next-fires.js';
import { scheduledTargets, slotDate, type ScheduledTarget } from './scheduled-targets.js';

/** What a tick did for one slot (for logs, the event stream and tests). */
export interface ScheduleFire {
  readonly key: string;
  readonly name: string;
  readonly slot: number;
  readonly runId: number;
  /** False when the slot's run already existed (another scheduler created it). */
  readonly created: boolean;
  /** Runs this one superseded (overlap: cancel_previous); their processes must be stopped. */
  readonly cancelled: readonly number[];
}

/** What became of one due slot of one schedule (reported after the tick commits). */
type SlotOutcome =
  | { readonly kind: 'ok'; readonly target: ScheduledTarget; readonly slot: number }
  | { readonly kind: 'failed' | 'skipped'; readonly target: ScheduledTarget; readonly slot: number; readonly message: string };

/** The longest timer the scheduler arms; a later slot is approached in hops. */
export const MAX_TIMER_MS = 6 * 3_600_000;

/** Construction options of a Scheduler. */
export interface SchedulerOptions {
  readonly db: Db;
  readonly clock?: Clock;
  /** Monotonic milliseconds (performance.now); injected in tests to simulate sleep. */
  readonly monotonic?: () => number;
  readonly heartbeatMs?: number;
  /** A run was created (or found) for a slot: the engine should drive it. */
  readonly onFire?: (fire: ScheduleFire) => void;
  /** A slot could not be planned (e.g. a template needs a --param the schedule cannot give); called after the tick's commit. */
  readonly onError?: (target: ScheduledTarget, slot: number, message: string) => void;
  /** A slot's runs were created (or already existed): an earlier failure of this schedule is over. */
  readonly onOk?: (target: ScheduledTarget, slot: number) => void;
  /** An overlap policy (`overlap: skip`) declined a slot's run: not a failure. */
  readonly onSkip?: (target: ScheduledTarget, slot: number, message: string) => void;
  /** The env_passthrough values a scheduled run of `project` gets: the daemon's own (passthrough-key.ts triggerEnv). */
  readonly triggerEnv?: (project: ProjectConfig) => TriggerEnv;
}

/** Wall-clock drift against monotonic time that counts as a sleep or clock change. */
const JUMP_MS = 2_000;

/** See the file comment. */
export class Scheduler {
  private targets: ScheduledTarget[] = [];
  private timer: TimerHandle | null = null;
  private heartbeat: TimerHandle | null = null;
  private lastBeat: { wall: number; mono: number } | null = null;
  private stopped = false;
  /** When the shell last said the machine suspends (powerEvent), until its resume. */
  private suspendedAt: number | null = null;

  constructor(private readonly options: SchedulerOptions) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** Watches the schedules of these projects (replacing earlier ones) and ticks. */
  setProjects(projects: readonly ProjectConfig[]): void {
    this.targets = projects.flatMap(scheduledTargets);
    this.tick();
    this.armHeartbeat();
  }

  /** Fires every due slot now and re-arms the timer for the next one. Returns what fired. */
  tick(): ScheduleFire[] {
    if (this.stopped) return [];
    const now = this.clock.now();
    const fires: ScheduleFire[] = [];
    const outcomes: SlotOutcome[] = [];
    for (const target of this.targets) {
      try {
        fires.push(...this.fireDue(target, now, outcomes));
      } catch (error) {
        // The store refused the tick (disk full, a lock held past the busy timeout…): nothing of it was
        // committed, so its slots stay due and the next tick tries them again; meanwhile, say so.
        outcomes.push({ kind: 'failed', target, slot: now, message: `could not create its runs: ${(error as Error).message}` });
      }
    }
    this.armTimer(now);
    for (const outcome of outcomes) {
      if (outcome.kind === 'failed') this.options.onError?.(outcome.target, outcome.slot, outcome.message);
      else {
        // A run the overlap policy declined is the policy working, not a failure: the tick did its job.
        if (outcome.kind === 'skipped') this.options.onSkip?.(outcome.target, outcome.slot, outcome.message);
        this.options.onOk?.(outcome.target, outcome.slot);
      }
    }
    for (const fire of fires) this.options.onFire?.(fire);
    return fires;
  }

  /** The next slot of every watched schedule after `after` (default: now), soonest first. */
  upcoming(after = this.clock.now()): Array<{ target: ScheduledTarget; at: number }> {
    return this.targets
      .map((target) => ({ target, at: nextFires(target.schedule, after, 1)[0] }))
      .filter((x): x is { target: ScheduledTarget; at: number } => x.at !== undefined)
      .sort((a, b) => a.at - b.at);
  }

  /** Stops timers; nothing fires after this. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.heartbeat?.cancel();
    this.timer = this.heartbeat = null;
  }

  private fireDue(target: ScheduledTarget, now: number, outcomes: SlotOutcome[]): ScheduleFire[] {
    const { db } = this.options;
    // Reads the last slot, then writes: take the write lock first (another process may be firing too).
    const { fires, slotOutcomes } = inWriteTransaction(db, () => {
      const fires: ScheduleFire[] = [];
      const slotOutcomes: SlotOutcome[] = [];
      // Catch-ups a resume asked for: older than the last slot, so not due by the rules below.
      for (const slot of pendingCatchUps(db, target.key)) {
        slotOutcomes.push(this.fireSlot(target, slot, now, fires, true));
        if (!fires.some((fire) => fire.slot === slot && fire.key === target.key)) settleCatchUp(db, target.key, slot, 'paused', now); // not fired after all: stays skipped
      }
      let handled = lastSlot(db, target.key);
      const pause = pauseOf(db, target.key);
      if (pause && handled !== null) {
        const holds = pauseHolds(pause, now);
        const paused = slotsThrough(target.schedule, handled, holds ? now : pause.until! - 1);
        if (paused.length > 0) {
          recordSlots(db, target.key, paused.slice(-MAX_LISTED), 'paused', now);
          handled = paused[paused.length - 1]!;
          advanceSlot(db, target.key, handled, now);
        }
        if (holds) return { fires, slotOutcomes };
        expirePause(db, target.key, now);
      }
      const due = dueSlots(target.schedule, handled, now);
      for (const slot of due.fire) slotOutcomes.push(this.fireSlot(target, slot, now, fires, due.late.includes(slot)));
      recordSlots(db, target.key, due.passedOver, 'skipped_by_policy', now);
      if (due.handledUpTo !== null) advanceSlot(db, target.key, due.handledUpTo, now);
      else if (handled === null) advanceSlot(db, target.key, now, now); // first look: history is not replayed
      return { fires, slotOutcomes };
    });
    outcomes.push(...slotOutcomes);
    return fires;
  }

  /** Pauses a watched schedule (schedule-pause.ts) and re-arms the timer (for `until`). */
  pause(key: string, until: number | null, reason: string | null = null): PauseAnswer {
    this.tick(); // what fell due before the pause fires as it would have
    const answer = pauseSchedule(this.options.db, key, until, this.clock.now(), reason);
    this.tick();
    return answer;
  }

  /** Resumes a schedule; with `catchUp`, the slots its policy picks from the pause fire now. */
  resume(key: string, catchUp: boolean): PauseAnswer {
    const target = this.targets.find((t) => t.key === key);
    if (!target) throw new Error(`no watched schedule ${key}`);
    this.tick(); // slots due until now are recorded paused first, so a catch-up can pick them
    const answer = resumeSchedule(this.options.db, key, target.schedule, catchUp, this.clock.now());
    this.tick();
    return answer;
  }

  /**
   * The shell reports a power event (`at`: when it happened): a suspend is
   * remembered, a resume records the sleep since it (else since the last
   * heartbeat), a clock change is recorded as such; either of the last two
   * ticks at once.
   */
  powerEvent(kind: 'suspend' | 'resume' | 'clock_change', at: number): ClockPeriod | null {
    if (kind === 'suspend') {
      this.suspendedAt = at;
      return null;
    }
    const now = this.clock.now();
    const period: ClockPeriod =
      kind === 'resume'
        ? { kind: 'sleep', startedAt: this.suspendedAt ?? this.lastBeat?.wall ?? at, endedAt: at, source: 'power_event' }
        : { kind: 'clock_change', startedAt: at, endedAt: at, source: 'power_event' };
    this.suspendedAt = null;
    const stored = notePeriod(this.options.db, period, now);
    this.lastBeat = null; // the next heartbeat starts afresh instead of seeing the same jump
    this.tick();
    return stored;
  }

  /** Creates every partition's run of one slot (inside fireDue's transaction). */
  private fireSlot(target: ScheduledTarget, slot: number, now: number, fires: ScheduleFire[], late = false): SlotOutcome {
    const slotKey = `${target.key}@${new Date(slot).toISOString()}`;
    const planned = planRuns(
      target.project,
      {
        targets: [target.name],
        selection: 'upstream',
        force: false,
        date: slotDate(target.schedule, slot),
        trigger: 'schedule',
        ...(this.options.triggerEnv ? { env: this.options.triggerEnv(target.project) } : {}),
        ...(target.schedule.partitions ? { schedulePartitions: target.schedule.partitions } : {}),
        // An unpartitioned run keeps the plain slot key (the key stores written before fan-out hold).
        idempotencyKey: (keys) => (staticKeysText(keys) ? `${slotKey}#${staticKeysText(keys)}` : slotKey),
      },
      slot,
    );
    if (!planned.ok) return { kind: 'failed', target, slot, message: planned.message };
    const skipped: string[] = [];
    for (const plan of planned.plans) {
      const created = createRun(this.options.db, plan, now);
      if (created.runId === null) {
        skipped.push(`skipped: ${created.skipped}`);
        continue;
      }
      fires.push({ key: target.key, name: target.name, slot, runId: created.runId, created: !created.existed, cancelled: created.cancelled });
    }
    // A slot fired late (a catch-up): the timeline links it to its run.
    const first = fires.find((fire) => fire.key === target.key && fire.slot === slot);
    if (late && first) recordCaughtUp(this.options.db, target.key, slot, first.runId, now);
    return skipped.length ? { kind: 'skipped', target, slot, message: skipped.join('; ') } : { kind: 'ok', target, slot };
  }

  /**
   * Arms the timer for the soonest slot after `checkedAt` (the instant the
   * tick judged what was due), timed from the clock now: the slot after the
   * tick's own view, so a timer that fires a millisecond early cannot skip a
   * slot, and a delay from now, so the tick's own work does not make it late.
   * Node turns a delay over 2^31−1 ms (24.8 days) into 1 ms, so far slots are
   * reached in hops of at most MAX_TIMER_MS.
   */
  private armTimer(checkedAt: number): void {
    this.timer?.cancel();
    this.timer = null;
    const next = this.upcoming(checkedAt)[0];
    // A pause that ends by itself ends on time, so views hear of it then.
    const watched = new Set(this.targets.map((t) => t.key));
    const pauseEnd = [...allPauses(this.options.db)].filter(([key, p]) => watched.has(key) && p.until !== null && p.until > checkedAt).map(([, p]) => p.until!).sort((a, b) => a - b)[0];
    const at = Math.min(next?.at ?? Infinity, pauseEnd ?? Infinity);
    if (at === Infinity || this.stopped) return;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now())));
  }

  private armHeartbeat(): void {
    if (this.heartbeat || this.stopped) return;
    const monotonic = this.options.monotonic ?? (() => performance.now());
    const heartbeatMs = this.options.heartbeatMs ?? 5_000;
    // The previous daemon's last beat: no daemon ran from then until now.
    const down = downPeriod(lastBeat(this.options.db, 'scheduler')?.at ?? null, this.clock.now(), heartbeatMs + JUMP_MS);
    if (down) notePeriod(this.options.db, down, this.clock.now());
    const beat = (): void => {
      this.heartbeat = null;
      if (this.stopped) return;
      const wall = this.clock.now();
      const mono = monotonic();
      const previous = this.lastBeat;
      this.lastBeat = { wall, mono };
      recordHeartbeat(this.options.db, 'scheduler', wall);
      // Slept, or the clock was changed: record it, and the armed timer is wrong: look now.
      const drift = previous ? wall - previous.wall - (mono - previous.mono) : 0;
      if (previous && Math.abs(drift) > JUMP_MS) {
        notePeriod(this.options.db, jumpPeriod(previous.wall, wall, drift), wall);
        this.tick();
      }
      this.heartbeat = this.clock.setTimeout(beat, heartbeatMs);
    };
    beat();
  }
}

