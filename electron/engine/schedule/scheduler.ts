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
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { inWriteTransaction } from '../store/statements.js';
import { advanceSlot, beat as recordHeartbeat, lastSlot } from '../store/schedule-store.js';
import { planRuns, staticKeysText } from '../run/plan-runs.js';
import { createRun } from '../run/create-run.js';
import type { TriggerEnv } from '../exec/task-env.js';
import { dueSlots } from './due-slots.js';
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
  /** Wall time of the last heartbeat (for health: the scheduler is alive). */

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
      else if (outcome.kind === 'skipped') this.options.onSkip?.(outcome.target, outcome.slot, outcome.message);
      else this.options.onOk?.(outcome.target, outcome.slot);
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
      const handled = lastSlot(db, target.key);
      const due = dueSlots(target.schedule, handled, now);
      const fires: ScheduleFire[] = [];
      const slotOutcomes: SlotOutcome[] = [];
      for (const slot of due.fire) slotOutcomes.push(this.fireSlot(target, slot, now, fires));
      if (due.handledUpTo !== null) advanceSlot(db, target.key, due.handledUpTo, now);
      else if (handled === null) advanceSlot(db, target.key, now, now); // first look: history is not replayed
      return { fires, slotOutcomes };
    });
    outcomes.push(...slotOutcomes);
    return fires;
  }

  /** Creates every partition's run of one slot (inside fireDue's transaction). */
  private fireSlot(target: ScheduledTarget, slot: number, now: number, fires: ScheduleFire[]): SlotOutcome {
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
    if (!next || this.stopped) return;
    this.timer = this.clock.setTimeout(() => this.tick(), Math.min(MAX_TIMER_MS, Math.max(0, next.at - this.clock.now())));
  }

  private armHeartbeat(): void {
    if (this.heartbeat || this.stopped) return;
    const monotonic = this.options.monotonic ?? (() => performance.now());
    const beat = (): void => {
      this.heartbeat = null;
      if (this.stopped) return;
      const wall = this.clock.now();
      const mono = monotonic();
      const previous = this.lastBeat;
      this.lastBeat = { wall, mono };
      recordHeartbeat(this.options.db, 'scheduler', wall);
      // Slept, or the clock was changed: the armed timer is wrong, look now.
      if (previous && Math.abs(wall - previous.wall - (mono - previous.mono)) > JUMP_MS) this.tick();
      this.heartbeat = this.clock.setTimeout(beat, this.options.heartbeatMs ?? 5_000);
    };
    beat();
  }
}
