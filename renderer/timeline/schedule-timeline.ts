/**
 * The Overview's schedule timeline as pure geometry: time → x, one lane per
 * target, past runs as bars, future fires as ticks, missed slots as marks,
 * shaded spans (closed exchange days, sleeps, daemon-down gaps, clock
 * changes), the axis in the zone shown, zoom and pan, and what lies under a
 * point. The component only paints what `layoutTimeline` returns.
 */
import type { TimelineRun } from '../../shared/overview-model.js';
import type { ClockPeriod, SlotOutcome } from '../../shared/schedule-model.js';
import type { RunState } from '../../shared/state-machines.js';
import { zoneOffsetMs, zonedWallToUtc } from '../../shared/zone-offset.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The span of time the timeline shows. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** Past 24 h to next 48 h around `now`: the view the timeline opens on. */
export function defaultWindow(now: number): TimeWindow {
  return { from: now - DAY, to: now + 2 * DAY };
}

/** The spans zoom steps through, narrowest first. */
export const ZOOM_SPANS: readonly number[] = [15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/** The window zoomed one step in or out, keeping `anchor` (default: the middle) where it is on screen. */
export function zoomWindow(window: TimeWindow, direction: 'in' | 'out', anchor = (window.from + window.to) / 2): TimeWindow {
  const span = window.to - window.from;
  const next = direction === 'in' ? [...ZOOM_SPANS].reverse().find((s) => s < span - 1) : ZOOM_SPANS.find((s) => s > span + 1);
  if (next === undefined) return window;
  const at = Math.min(Math.max(anchor, window.from), window.to);
  const share = (at - window.from) / span;
  const from = Math.round(at - share * next);
  return { from, to: from + next };
}

/** The window moved by `fraction` of its span (negative: back in time). */
export function panWindow(window: TimeWindow, fraction: number): TimeWindow {
  const shift = Math.round((window.to - window.from) * fraction);
  return { from: window.from + shift, to: window.to + shift };
}

/** Maps instants to x in [left, left + width] and back. */
export interface TimeScale {
  readonly window: TimeWindow;
  readonly left: number;
  readonly width: number;
  x(at: number): number;
  at(x: number): number;
}

/** The linear scale of `window` over `width` px starting at `left`. */
export function timeScale(window: TimeWindow, left: number, width: number): TimeScale {
  const span = Math.max(1, window.to - window.from);
  const k = width / span;
  return { window, left, width, x: (at) => left + (at - window.from) * k, at: (x) => window.from + (x - left) / k };
}

/** One row of the timeline: a pipeline or job. */
export interface Lane {
  readonly key: string;
  readonly label: string;
  readonly index: number;
  readonly y: number;
  readonly height: number;
}

/** A past (or running) run in a lane. */
export interface RunBar {
  readonly kind: 'run';
  readonly run: TimelineRun;
  readonly lane: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly state: RunState;
  readonly start: number;
  readonly end: number;
}

/** A future fire of a schedule; `paused` when the schedule's pause will skip it. */
export interface FireTick {
  readonly kind: 'fire';
  readonly key: string;
  readonly lane: number;
  readonly x: number;
  readonly at: number;
  readonly paused: boolean;
}

/** A slot that did not simply fire on time, with the run it led to (caught up) or none. */
export interface SlotMark {
  readonly kind: 'slot';
  readonly key: string;
  readonly lane: number;
  readonly x: number;
  readonly at: number;
  readonly outcome: SlotOutcome;
  readonly runId: number | null;
}

/** A shaded span across every lane: a closed exchange day, a sleep, a daemon-down gap, or a clock change (1 px). */
export interface ShadeRect {
  readonly kind: 'closed' | ClockPeriod['kind'];
  readonly x: number;
  readonly w: number;
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** A line of the time axis; `major` at midnight of the zone shown. */
export interface AxisTick {
  readonly at: number;
  readonly x: number;
  readonly major: boolean;
  readonly label: string;
}

/** A schedule as the timeline needs it. */
export interface TimelineSchedule {
  readonly key: string;
  readonly nextFires: readonly number[];
  readonly paused: { readonly until: number | null } | null;
}

/** A closed day as an instant span. */
export interface ClosedSpan {
  readonly startsAt: number;
  readonly endsAt: number;
  readonly label: string;
}

/** Everything a layout is made from. */
export interface TimelineInput {
  readonly window: TimeWindow;
  /** Canvas width in CSS px; the lane labels take `gutter` of it. */
  readonly width: number;
  readonly gutter: number;
  readonly axisHeight: number;
  readonly laneHeight: number;
  readonly now: number;
  /** The zone the axis reads in. */
  readonly timeZone: string;
  readonly lanes: ReadonlyArray<{ readonly key: string; readonly label: string }>;
  /** The lane keys a run is drawn in (one per target it names that has a lane). */
  readonly lanesOf: (run: TimelineRun) => readonly string[];
  readonly runs: readonly TimelineRun[];
  readonly schedules: readonly TimelineSchedule[];
  readonly slots: ReadonlyArray<{ readonly key: string; readonly slot: number; readonly outcome: SlotOutcome; readonly runId: number | null }>;
  readonly periods: readonly ClockPeriod[];
  readonly closed: readonly ClosedSpan[];
}

/** What the canvas paints. */
export interface TimelineLayout {
  readonly scale: TimeScale;
  readonly lanes: readonly Lane[];
  readonly bars: readonly RunBar[];
  readonly ticks: readonly FireTick[];
  readonly slots: readonly SlotMark[];
  readonly shades: readonly ShadeRect[];
  readonly axis: readonly AxisTick[];
  /** x of now, or null when now is outside the window. */
  readonly nowX: number | null;
  readonly height: number;
}

/** Narrowest a bar is drawn, so a 2-second run stays visible on a 3-day view. */
export const MIN_BAR_PX = 2;

const PERIOD_LABEL: Readonly<Record<ClockPeriod['kind'], string>> = { sleep: 'Laptop asleep', daemon_down: 'Daemon not running', clock_change: 'Clock changed' };

/** Lays out the whole timeline. */
export function layoutTimeline(input: TimelineInput): TimelineLayout {
  const scale = timeScale(input.window, input.gutter, Math.max(1, input.width - input.gutter));
  const lanes = input.lanes.map((lane, index): Lane => ({ ...lane, index, y: input.axisHeight + index * input.laneHeight, height: input.laneHeight }));
  const byKey = new Map(lanes.map((lane) => [lane.key, lane]));
  return {
    scale,
    lanes,
    bars: runBars(input.runs, byKey, input.lanesOf, scale, input.now),
    ticks: fireTicks(input.schedules, byKey, scale),
    slots: slotMarks(input.slots, byKey, scale),
    shades: shadeRects(input.closed, input.periods, scale),
    axis: axisTicks(scale, input.timeZone),
    nowX: input.now >= input.window.from && input.now <= input.window.to ? scale.x(input.now) : null,
    height: input.axisHeight + lanes.length * input.laneHeight,
  };
}

/** Bars of the runs that overlap the window, clipped to it, in each lane the run belongs to. */
export function runBars(runs: readonly TimelineRun[], lanes: ReadonlyMap<string, Lane>, lanesOf: (run: TimelineRun) => readonly string[], scale: TimeScale, now: number): RunBar[] {
  const { from, to } = scale.window;
  const left = scale.left;
  const right = scale.left + scale.width;
  const bars: RunBar[] = [];
  for (const run of runs) {
    const start = run.startedAt ?? run.createdAt;
    const end = run.finishedAt ?? Math.max(now, start);
    if (end < from || start > to) continue;
    const x0 = Math.max(left, scale.x(start));
    const x1 = Math.min(right, scale.x(end));
    const w = Math.max(MIN_BAR_PX, x1 - x0);
    for (const key of lanesOf(run)) {
      const lane = lanes.get(key);
      if (!lane) continue;
      const inset = Math.max(2, Math.round(lane.height * 0.22));
      bars.push({ kind: 'run', run, lane: lane.index, x: x0, y: lane.y + inset, w, h: lane.height - 2 * inset, state: run.state, start, end });
    }
  }
  return bars;
}

/** Ticks of the fires inside the window; a fire the schedule's pause holds over is `paused`. */
export function fireTicks(schedules: readonly TimelineSchedule[], lanes: ReadonlyMap<string, Lane>, scale: TimeScale): FireTick[] {
  const ticks: FireTick[] = [];
  for (const schedule of schedules) {
    const lane = lanes.get(schedule.key);
    if (!lane) continue;
    for (const at of schedule.nextFires) {
      if (at < scale.window.from || at > scale.window.to) continue;
      const paused = schedule.paused !== null && (schedule.paused.until === null || at < schedule.paused.until);
      ticks.push({ kind: 'fire', key: schedule.key, lane: lane.index, x: scale.x(at), at, paused });
    }
  }
  return ticks;
}

/** Marks of the recorded slots inside the window. */
export function slotMarks(slots: TimelineInput['slots'], lanes: ReadonlyMap<string, Lane>, scale: TimeScale): SlotMark[] {
  const marks: SlotMark[] = [];
  for (const slot of slots) {
    const lane = lanes.get(slot.key);
    if (!lane || slot.slot < scale.window.from || slot.slot > scale.window.to) continue;
    marks.push({ kind: 'slot', key: slot.key, lane: lane.index, x: scale.x(slot.slot), at: slot.slot, outcome: slot.outcome, runId: slot.runId });
  }
  return marks;
}

/** Shaded spans clipped to the window: closed days first (drawn under), then the machine's periods. */
export function shadeRects(closed: readonly ClosedSpan[], periods: readonly ClockPeriod[], scale: TimeScale): ShadeRect[] {
  const out: ShadeRect[] = [];
  const add = (kind: ShadeRect['kind'], from: number, to: number, label: string): void => {
    if (to < scale.window.from || from > scale.window.to) return;
    const x0 = Math.max(scale.left, scale.x(from));
    const x1 = Math.min(scale.left + scale.width, scale.x(to));
    out.push({ kind, x: x0, w: Math.max(1, x1 - x0), from, to, label });
  };
  for (const day of closed) add('closed', day.startsAt, day.endsAt, day.label);
  for (const period of periods) add(period.kind, period.startedAt, period.endedAt, PERIOD_LABEL[period.kind]);
  return out;
}

/** Axis steps, finest first; the first that keeps labels ≥ MIN_LABEL_PX apart is used. */
const AXIS_STEPS: readonly number[] = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
const MIN_LABEL_PX = 72;

/**
 * Axis lines on round wall-clock times of `timeZone` (every 3 h at 09:00,
 * 12:00…, days at local midnight), labelled `HH:MM`, or the weekday and
 * date at midnight.
 */
export function axisTicks(scale: TimeScale, timeZone: string): AxisTick[] {
  const { from, to } = scale.window;
  const span = to - from;
  const step = AXIS_STEPS.find((s) => (scale.width * s) / span >= MIN_LABEL_PX) ?? AXIS_STEPS[AXIS_STEPS.length - 1]!;
  const ticks: AxisTick[] = [];
  // Walk wall-clock time (UTC-shaped numbers of the zone's clock), turning each round value into its instant.
  const wallFrom = from + zoneOffsetMs(from, timeZone);
  const dayStep = step >= DAY;
  let wall = dayStep ? Math.floor(wallFrom / DAY) * DAY : Math.floor(wallFrom / step) * step;
  for (let guard = 0; guard < 1000; guard++, wall += step) {
    const at = zonedWallToUtc(wall, timeZone);
    if (at > to) break;
    // A wall time a DST jump skips lands on the next one: draw it once.
    if (at < from || (ticks.length > 0 && at <= ticks[ticks.length - 1]!.at)) continue;
    const major = wall % DAY === 0;
    ticks.push({ at, x: scale.x(at), major, label: wallLabel(wall, major) });
  }
  return ticks;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number): string => String(n).padStart(2, '0');

function wallLabel(wall: number, major: boolean): string {
  const d = new Date(wall);
  if (major) return `${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** What is under a point: a bar, a tick or a mark (the nearest within a few px in the lane at y), else null. */
export type TimelineItem = RunBar | FireTick | SlotMark;

/** The item under (x, y), preferring marks and ticks over bars (they are drawn on top). */
export function hitTest(layout: TimelineLayout, x: number, y: number, slop = 4): TimelineItem | null {
  const lane = layout.lanes.find((l) => y >= l.y && y < l.y + l.height);
  if (!lane) return null;
  let best: TimelineItem | null = null;
  let bestDistance = slop + 1;
  for (const item of [...layout.slots, ...layout.ticks]) {
    if (item.lane !== lane.index) continue;
    const distance = Math.abs(item.x - x);
    if (distance < bestDistance) [best, bestDistance] = [item, distance];
  }
  if (best) return best;
  for (const bar of layout.bars) {
    if (bar.lane !== lane.index) continue;
    const distance = x < bar.x ? bar.x - x : x > bar.x + bar.w ? x - (bar.x + bar.w) : 0;
    if (distance < bestDistance) [best, bestDistance] = [bar, distance];
  }
  return best;
}

/** Every bar, tick and mark of the layout in time order (lane order within an instant): the keyboard's path and the table's rows. */
export function itemsInOrder(layout: TimelineLayout): TimelineItem[] {
  const atOf = (item: TimelineItem): number => (item.kind === 'run' ? item.start : item.at);
  return [...layout.bars, ...layout.slots, ...layout.ticks].sort((a, b) => atOf(a) - atOf(b) || a.lane - b.lane);
}
