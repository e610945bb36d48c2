/**
 * Which slots of a schedule are due now, given the newest slot already
 * handled. Pure. The rules (graphile-worker's cron, adapted):
 * - a slot fires at most once: only slots strictly after `lastSlot` count,
 *   so a clock that goes backwards (lastSlot in the "future") fires nothing
 *   until real time passes it again;
 * - missed slots older than the catch-up window are dropped;
 * - of the missed slots that remain, `latest` fires the newest one, `all`
 *   fires each (oldest first), `none` fires none of the missed ones — a slot
 *   counts as missed when it is more than `graceMs` old (a timer firing a
 *   little late is on time, not a catch-up). When nothing was missed, every
 *   due slot fires under any policy, so a tick a second late on a busy
 *   machine never merges two slots of a seconds-level cron; after a real
 *   miss (a sleep), `latest` fires only the newest slot.
 * It also says which slots it passed over and which of those it fires were
 * late, so the scheduler can record them for the timeline.
 */
import type { ScheduleConfig } from '../../../shared/config-model.js';
import { nextFires } from './next-fires.js';
import { assertNever } from '../../../shared/state-machines.js';

/** The outcome of one look at a schedule. */
export interface DueSlots {
  /** Slots to create runs for, oldest first. */
  readonly fire: readonly number[];
  /** Slots passed over (missed beyond the policy or window). */
  readonly skipped: number;
  /** The passed-over slots themselves, oldest first (at most MAX_LISTED, the newest): the timeline marks them "skipped by policy". */
  readonly passedOver: readonly number[];
  /** The slots of `fire` that were missed (more than the grace late): caught up now. */
  readonly late: readonly number[];
  /** The new value of lastSlot (the newest slot considered), or null when nothing was due. */
  readonly handledUpTo: number | null;
}

/** The most passed-over slots listed by one look (a seconds-level cron after a long sleep would list millions). */
export const MAX_LISTED = 1000;

/** How late a fire may be and still count as on time. */
export const ON_TIME_GRACE_MS = 60_000;

/** Computes the due slots of `schedule` at `now`, after `lastSlot` (null: never fired). */
export function dueSlots(schedule: ScheduleConfig, lastSlot: number | null, now: number, graceMs = ON_TIME_GRACE_MS): DueSlots {
  // First look at a schedule: start from now, never replay history.
  const from = lastSlot ?? now;
  const windowStart = now - schedule.catchupWindowMs;
  const slots: number[] = [];
  let cursor = Math.max(from, windowStart - 1);
  for (;;) {
    const [next] = nextFires(schedule, cursor, 1);
    if (next === undefined || next > now) break;
    slots.push(next);
    cursor = next;
    if (slots.length > 100_000) break; // a seconds-level cron over a long window: bounded
  }
  const dropped = lastSlot !== null && lastSlot < windowStart ? slotsBefore(schedule, lastSlot, windowStart) : { count: 0, newest: [] };
  const droppedByWindow = dropped.count;
  if (slots.length === 0) return { fire: [], skipped: droppedByWindow, passedOver: dropped.newest, late: [], handledUpTo: null };
  const newest = slots[slots.length - 1]!;
  const onTime = slots.filter((slot) => now - slot <= graceMs);
  let fire: number[];
  switch (schedule.catchup) {
    case 'all':
      fire = slots;
      break;
    case 'latest':
      fire = onTime.length === slots.length ? slots : [newest];
      break;
    case 'none':
      fire = onTime;
      break;
    default:
      return assertNever(schedule.catchup);
  }
  const firing = new Set(fire);
  const passedOver = [...dropped.newest, ...slots.filter((slot) => !firing.has(slot))].slice(-MAX_LISTED);
  const late = fire.filter((slot) => now - slot > graceMs);
  return { fire, skipped: droppedByWindow + slots.length - fire.length, passedOver, late, handledUpTo: newest };
}

/** How many slots fall after `after` and before `until`, and the newest MAX_LISTED of them. */
function slotsBefore(schedule: ScheduleConfig, after: number, until: number): { count: number; newest: number[] } {
  let count = 0;
  const newest: number[] = [];
  let cursor = after;
  for (;;) {
    const [next] = nextFires(schedule, cursor, 1);
    if (next === undefined || next >= until || count > 100_000) return { count, newest: newest.slice(-MAX_LISTED) };
    count++;
    newest.push(next);
    if (newest.length >= 2 * MAX_LISTED) newest.splice(0, MAX_LISTED); // amortised: no shift per slot
    cursor = next;
  }
}

/** The slots of `schedule` after `after` up to and including `through`, oldest first (bounded like due-slots). */
export function slotsThrough(schedule: ScheduleConfig, after: number, through: number): number[] {
  const slots: number[] = [];
  let cursor = after;
  while (slots.length <= 100_000) {
    const [next] = nextFires(schedule, cursor, 1);
    if (next === undefined || next > through) break;
    slots.push(next);
    cursor = next;
  }
  return slots;
}
