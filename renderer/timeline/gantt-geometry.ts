/**
 * The geometry of a run's Gantt, pure: tasks and attempts in, rows of time
 * segments, a time scale, axis ticks, bars to draw, hit tests and keyboard
 * steps out. The canvas only paints what these return (vitest covers them).
 *
 * A row is one task (in topological order); left to right it holds
 *   waiting     from when its run started (or the task was made) to its first
 *               attempt: upstream, a wait_for gate, a pool slot;
 *   attempts    one segment per attempt, start to end (or now): `running`,
 *               or the attempt's outcome (succeeded, failed, timed_out, lost,
 *               cancelled);
 *   retry_wait  from an attempt's end to the next attempt's start (or now
 *               while the task waits to try again);
 *   a marker    for a task that ended without an attempt (cached,
 *               upstream_failed, cancelled, skipped, a failed gate): a point.
 * Open segments (still going) end at `now`.
 */
import type { AttemptRecord, TaskRunRecord } from '../../shared/run-model.js';
import type { AttemptState, TaskState } from '../../shared/state-machines.js';

/** What a segment shows: the wait before the first attempt, an attempt by its state, the wait between attempts, or a task's outcome without an attempt. */
export type SegmentKind = 'waiting' | 'retry_wait' | AttemptState | Exclude<TaskState, 'pending' | 'waiting' | 'ready' | 'running' | 'retry_wait'>;

/** What the geometry reads of a task. */
export type GanttTask = Pick<TaskRunRecord, 'id' | 'pipeline' | 'topoIndex' | 'state' | 'createdAt' | 'finishedAt' | 'isTarget'>;

/** What the geometry reads of an attempt. */
export type GanttAttempt = Pick<AttemptRecord, 'taskRunId' | 'number' | 'state' | 'startedAt' | 'finishedAt' | 'exitCode' | 'signal' | 'error' | 'killReason'>;

/** One span (or point, for markers) of a row. */
export interface GanttSegment {
  readonly kind: SegmentKind;
  readonly start: number;
  readonly end: number;
  /** The attempt's number; for retry_wait, the number of the attempt it waits for. */
  readonly attempt: number | null;
  /** Still going: `end` is now. */
  readonly open: boolean;
  /** A task's outcome without an attempt, drawn as a point at `start`. */
  readonly marker: boolean;
  /** The attempt itself (exit, signal, error), for details. */
  readonly source: GanttAttempt | null;
}

/** One task's row. */
export interface GanttRow {
  readonly index: number;
  readonly task: GanttTask;
  readonly segments: readonly GanttSegment[];
}

/** A position in the chart: row index and segment index within it. */
export interface SegmentRef {
  readonly row: number;
  readonly seg: number;
}

/** Where the run's time maps onto pixels. */
export interface TimeScale {
  readonly start: number;
  readonly end: number;
  readonly x0: number;
  readonly x1: number;
}

/** One tick of the time axis: where, and the time since the start as text. */
export interface AxisTick {
  readonly t: number;
  readonly x: number;
  readonly label: string;
}

/** How a bar is drawn: a full-height bar (attempts), a thin line (waits), a point (markers). */
export type BarShape = 'bar' | 'line' | 'marker';

/** One segment placed in pixels. */
export interface GanttBar extends SegmentRef {
  readonly kind: SegmentKind;
  readonly shape: BarShape;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Rows of a visible window, in pixels. */
export interface RowWindow {
  readonly rowHeight: number;
  /** y of row 0's top (negative when scrolled past). */
  readonly top: number;
  /** The visible rows, first and last inclusive. */
  readonly first: number;
  readonly last: number;
}

/** The narrowest an attempt is drawn, so a 3 ms attempt still shows. */
export const MIN_BAR_PX = 2;
/** How near (px) the pointer must be to a thin wait or a marker to hit it. */
export const HIT_SLOP_PX = 4;

const TERMINAL_MARKERS: ReadonlySet<TaskState> = new Set(['succeeded', 'failed', 'skipped', 'upstream_failed', 'cancelled', 'cached']);

/** The rows of a run's tasks (topological order) with their segments. `runStartedAt` null: the run is still queued. */
export function ganttRows(input: { readonly tasks: readonly GanttTask[]; readonly attempts: readonly GanttAttempt[]; readonly runStartedAt: number | null; readonly now: number }): GanttRow[] {
  const byTask = new Map<number, GanttAttempt[]>();
  for (const attempt of input.attempts) {
    const list = byTask.get(attempt.taskRunId);
    if (list) list.push(attempt);
    else byTask.set(attempt.taskRunId, [attempt]);
  }
  const ordered = [...input.tasks].sort((a, b) => a.topoIndex - b.topoIndex || a.id - b.id);
  return ordered.map((task, index) => {
    const attempts = (byTask.get(task.id) ?? []).sort((a, b) => a.number - b.number);
    return { index, task, segments: taskSegments(task, attempts, input.runStartedAt, input.now) };
  });
}

function taskSegments(task: GanttTask, attempts: readonly GanttAttempt[], runStartedAt: number | null, now: number): GanttSegment[] {
  const segments: GanttSegment[] = [];
  const waitFrom = runStartedAt === null ? task.createdAt : Math.max(task.createdAt, runStartedAt);
  const terminal = TERMINAL_MARKERS.has(task.state);
  const first = attempts[0];
  if (!first) {
    const until = terminal ? Math.max(waitFrom, task.finishedAt ?? waitFrom) : Math.max(waitFrom, now);
    // A cached task is decided when its run is made: no wait to show before it.
    if (task.state !== 'cached' && (until > waitFrom || !terminal)) segments.push(span('waiting', waitFrom, until, null, !terminal, null));
    if (terminal) segments.push({ kind: task.state as SegmentKind, start: until, end: until, attempt: null, open: false, marker: true, source: null });
    return segments;
  }
  if (first.startedAt > waitFrom) segments.push(span('waiting', waitFrom, first.startedAt, null, false, null));
  attempts.forEach((attempt, i) => {
    const previous = attempts[i - 1];
    if (previous?.finishedAt != null && attempt.startedAt > previous.finishedAt) {
      segments.push(span('retry_wait', previous.finishedAt, attempt.startedAt, attempt.number, false, null));
    }
    const open = attempt.finishedAt === null;
    segments.push(span(attempt.state, attempt.startedAt, open ? Math.max(attempt.startedAt, now) : attempt.finishedAt!, attempt.number, open, attempt));
  });
  const last = attempts[attempts.length - 1]!;
  // Its last attempt ended but the task did not: it waits to try again (retry_wait, or ready for a slot after it).
  if (last.finishedAt !== null && !terminal && task.state !== 'running') {
    segments.push(span('retry_wait', last.finishedAt, Math.max(last.finishedAt, now), last.number + 1, true, null));
  }
  return segments;
}

function span(kind: SegmentKind, start: number, end: number, attempt: number | null, open: boolean, source: GanttAttempt | null): GanttSegment {
  return { kind, start, end, attempt, open, marker: false, source };
}

/**
 * The time span to draw: the run's start (or creation) to its end, widened
 * to every segment, at least `minSpanMs` long. While the run goes on it ends
 * a tenth past now, so running bars grow into room rather than off the edge.
 */
export function ganttDomain(rows: readonly GanttRow[], run: { readonly createdAt: number; readonly startedAt: number | null; readonly finishedAt: number | null }, now: number, minSpanMs = 1_000): { start: number; end: number } {
  let start = run.startedAt ?? run.createdAt;
  let end = run.finishedAt ?? Math.max(now, start);
  for (const row of rows) {
    for (const segment of row.segments) {
      if (segment.start < start) start = segment.start;
      if (segment.end > end) end = segment.end;
    }
  }
  if (run.finishedAt === null) end += Math.round((end - start) / 10);
  return { start, end: Math.max(end, start + minSpanMs) };
}

/** A scale mapping [start, end] onto [x0, x1]. */
export function timeScale(domain: { readonly start: number; readonly end: number }, x0: number, x1: number): TimeScale {
  return { start: domain.start, end: Math.max(domain.end, domain.start + 1), x0, x1: Math.max(x1, x0 + 1) };
}

/** The x of time `t`. */
export function xOf(scale: TimeScale, t: number): number {
  return scale.x0 + ((t - scale.start) / (scale.end - scale.start)) * (scale.x1 - scale.x0);
}

/** The time at x. */
export function timeAt(scale: TimeScale, x: number): number {
  return scale.start + ((x - scale.x0) / (scale.x1 - scale.x0)) * (scale.end - scale.start);
}

/** Tick steps a reader counts in, smallest first. */
const STEPS_MS = [
  10, 20, 50, 100, 200, 500,
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest readable step that keeps ticks at least `minGapPx` apart. */
export function tickStep(scale: TimeScale, minGapPx: number): number {
  const pxPerMs = (scale.x1 - scale.x0) / (scale.end - scale.start);
  for (const step of STEPS_MS) if (step * pxPerMs >= minGapPx) return step;
  let step = STEPS_MS[STEPS_MS.length - 1]!;
  while (step * pxPerMs < minGapPx) step *= 2;
  return step;
}

/** Ticks at whole steps since the start (0s, 30s, 1m, …), at least `minGapPx` apart. */
export function axisTicks(scale: TimeScale, minGapPx = 70): AxisTick[] {
  const step = tickStep(scale, minGapPx);
  const ticks: AxisTick[] = [];
  for (let offset = 0; scale.start + offset <= scale.end; offset += step) {
    const t = scale.start + offset;
    ticks.push({ t, x: xOf(scale, t), label: elapsedLabel(offset) });
  }
  return ticks;
}

/** Elapsed time as an axis label: `0s`, `500ms`, `1.2s`, `45s`, `1m 30s`, `2h 15m`, `1d 6h`. */
export function elapsedLabel(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000 && ms % 1_000 !== 0) return `${Number((ms / 1_000).toFixed(2))}s`;
  const s = Math.floor(ms / 1_000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** The rows at least partly inside a viewport `height` px tall, scrolled `scrollTop` px, rows starting at `offset` px. */
export function visibleRows(count: number, rowHeight: number, scrollTop: number, height: number, offset = 0): RowWindow {
  const top = offset - scrollTop;
  const first = Math.max(0, Math.floor(-top / rowHeight));
  const last = Math.min(count - 1, Math.ceil((height - top) / rowHeight) - 1);
  return { rowHeight, top, first, last };
}

/** The bars of the visible rows: attempts full height (at least MIN_BAR_PX wide), waits as thin lines, markers as points. */
export function layoutBars(rows: readonly GanttRow[], scale: TimeScale, window: RowWindow): GanttBar[] {
  const bars: GanttBar[] = [];
  const { rowHeight } = window;
  const barH = Math.max(4, rowHeight - 10);
  const lineH = Math.max(2, Math.round(rowHeight / 6));
  for (let r = window.first; r <= window.last; r++) {
    const row = rows[r];
    if (!row) continue;
    const rowTop = window.top + r * rowHeight;
    row.segments.forEach((segment, seg) => {
      const x = xOf(scale, segment.start);
      const shape = barShape(segment);
      if (shape === 'marker') {
        const size = Math.max(6, barH - 2);
        bars.push({ row: r, seg, kind: segment.kind, shape, x: x - size / 2, y: rowTop + (rowHeight - size) / 2, w: size, h: size });
        return;
      }
      const w = Math.max(xOf(scale, segment.end) - x, shape === 'bar' ? MIN_BAR_PX : 1);
      const h = shape === 'bar' ? barH : lineH;
      bars.push({ row: r, seg, kind: segment.kind, shape, x, y: rowTop + (rowHeight - h) / 2, w, h });
    });
  }
  return bars;
}

/** How a segment is drawn. */
export function barShape(segment: GanttSegment): BarShape {
  if (segment.marker) return 'marker';
  return segment.kind === 'waiting' || segment.kind === 'retry_wait' ? 'line' : 'bar';
}

/** The segment under (x, y), or null: attempts and markers before the waits they sit on, within HIT_SLOP_PX. */
export function hitTest(rows: readonly GanttRow[], scale: TimeScale, window: Pick<RowWindow, 'rowHeight' | 'top'>, x: number, y: number): SegmentRef | null {
  const r = Math.floor((y - window.top) / window.rowHeight);
  const row = rows[r];
  if (!row) return null;
  let best: { ref: SegmentRef; rank: number; distance: number } | null = null;
  row.segments.forEach((segment, seg) => {
    const shape = barShape(segment);
    const left = xOf(scale, segment.start);
    const right = shape === 'bar' ? Math.max(xOf(scale, segment.end), left + MIN_BAR_PX) : xOf(scale, segment.end);
    const distance = x < left ? left - x : x > right ? x - right : 0;
    if (distance > HIT_SLOP_PX) return;
    const rank = shape === 'line' ? 1 : 0;
    if (!best || rank < best.rank || (rank === best.rank && distance < best.distance)) best = { ref: { row: r, seg }, rank, distance };
  });
  return (best as { ref: SegmentRef } | null)?.ref ?? null;
}

/** The most attempts that ran at once, and from when: the run's peak parallelism. */
export function peakConcurrency(rows: readonly GanttRow[]): { readonly count: number; readonly at: number | null } {
  const edges: Array<[number, number]> = [];
  for (const row of rows) {
    for (const segment of row.segments) {
      if (segment.source === null) continue;
      edges.push([segment.start, 1], [segment.end, -1]);
    }
  }
  // At equal times an end comes before a start: back-to-back attempts do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let count = 0;
  let peak = { count: 0, at: null as number | null };
  for (const [t, change] of edges) {
    count += change;
    if (count > peak.count) peak = { count, at: t };
  }
  return peak;
}

/** Keys that move the chart's focus between segments. */
export type StepKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

/** Rows PageUp and PageDown move by. */
export const PAGE_ROWS = 10;

/**
 * Where a key moves the focus from `current` (null: nothing focused yet →
 * the first row's first attempt, else its first segment): left/right within the row, up/down (and a page of
 * rows) to the segment of the next row with any nearest in time, Home/End to
 * the row's first and last. Null when there is no segment at all.
 */
export function stepSegment(rows: readonly GanttRow[], current: SegmentRef | null, key: StepKey): SegmentRef | null {
  const filled = rows.filter((row) => row.segments.length > 0);
  if (filled.length === 0) return null;
  const here = current ? rows[current.row]?.segments[current.seg] : undefined;
  if (!current || !here) {
    const first = filled[0]!;
    return { row: first.index, seg: Math.max(0, first.segments.findIndex((s) => s.source !== null)) };
  }
  const row = rows[current.row]!;
  switch (key) {
    case 'ArrowLeft':
      return { row: current.row, seg: Math.max(0, current.seg - 1) };
    case 'ArrowRight':
      return { row: current.row, seg: Math.min(row.segments.length - 1, current.seg + 1) };
    case 'Home':
      return { row: current.row, seg: 0 };
    case 'End':
      return { row: current.row, seg: row.segments.length - 1 };
    case 'ArrowUp':
    case 'ArrowDown':
    case 'PageUp':
    case 'PageDown': {
      const down = key === 'ArrowDown' || key === 'PageDown';
      const rowsToMove = key.startsWith('Page') ? PAGE_ROWS : 1;
      const at = filled.findIndex((r) => r.index === current.row);
      const target = filled[Math.max(0, Math.min(filled.length - 1, at + (down ? rowsToMove : -rowsToMove)))]!;
      if (target.index === current.row) return current;
      return { row: target.index, seg: nearestInTime(target.segments, (here.start + here.end) / 2) };
    }
    default:
      return assertNever(key);
  }
}

function nearestInTime(segments: readonly GanttSegment[], t: number): number {
  let best = 0;
  let bestDistance = Infinity;
  segments.forEach((segment, i) => {
    const distance = t < segment.start ? segment.start - t : t > segment.end ? t - segment.end : 0;
    // Among equals prefer an attempt to the wait it follows.
    if (distance < bestDistance || (distance === bestDistance && segment.source !== null)) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

function assertNever(value: never): never {
  throw new Error(`unexpected key ${String(value)}`);
}
