/**
 * A run's Gantt on one <canvas>: a row per task, every attempt its own bar,
 * waits as thin lines, outcomes without an attempt as diamonds, a time axis
 * and (while the run goes on) a Now line. Only the rows in view are drawn,
 * so a 1000-task run paints as fast as a 10-task one; the canvas sticks to
 * the top of a scroller whose height is that of every row.
 *
 * Pointer: hover shows a segment's details, a click opens its task's log.
 * Keyboard: the chart is one tab stop; arrows, Home/End and PageUp/PageDown
 * move between segments (gantt-geometry.ts stepSegment), each announced;
 * Enter opens the log, Escape leaves the segment. The same facts are in the
 * segments table (gantt-segment-table.tsx) for screen readers.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  axisTicks, barShape, hitTest, layoutBars, stepSegment, timeScale, visibleRows, xOf,
  type GanttBar, type GanttRow, type SegmentRef, type StepKey, type TimeScale,
} from '../../timeline/gantt-geometry.js';
import { clockTime, segmentEnd, segmentOutcome, segmentSentence, segmentTitle, SEGMENT_WORDS } from '../../format/segment-format.js';
import { formatDuration } from '../../format/run-format.js';
import { useGanttPalette, type GanttPalette } from './gantt-palette.js';

const ROW_H = 22;
const AXIS_H = 26;
const MAX_VIEW_H = 520;
const RIGHT_PAD = 14;
const STEP_KEYS: ReadonlySet<string> = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/** The performance mark set when the chart first paints its rows (the bench and the size test read it). */
export const GANTT_DRAWN_MARK = 'tickwork:gantt-drawn';

/** What the chart draws and where it sends a click. */
export interface GanttChartProps {
  readonly rows: readonly GanttRow[];
  readonly domain: { readonly start: number; readonly end: number };
  /** Set while the run goes on: where the Now line is. */
  readonly now: number | null;
  /** The reason of each task (for outcomes without an attempt), by task id. */
  readonly reasons: ReadonlyMap<number, string | null>;
  readonly onOpen: (pipeline: string, attempt: number | null) => void;
  /** The zone times are shown in (the header's toggle). */
  readonly zone: string;
}

/** See the file comment. */
export function GanttChart({ rows, domain, now, reasons, onOpen, zone }: GanttChartProps) {
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = useGanttPalette(host);
  const [width, setWidth] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [hover, setHover] = useState<SegmentRef | null>(null);
  const [active, setActive] = useState<SegmentRef | null>(null);
  const drawn = useRef(false);

  const viewH = Math.min(MAX_VIEW_H, AXIS_H + rows.length * ROW_H + 1);
  const totalH = AXIS_H + rows.length * ROW_H + 1;
  const gutter = Math.round(Math.min(220, Math.max(120, width * 0.22)));
  const scale = useMemo(() => timeScale(domain, gutter + 10, Math.max(gutter + 60, width - RIGHT_PAD)), [domain, gutter, width]);
  const rowWindow = useMemo(() => visibleRows(rows.length, ROW_H, scrollTop, viewH, AXIS_H), [rows.length, scrollTop, viewH]);
  const bars = useMemo(() => layoutBars(rows, scale, rowWindow), [rows, scale, rowWindow]);

  useLayoutEffect(() => {
    if (!host) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(host);
    setWidth(Math.floor(host.getBoundingClientRect().width));
    return () => observer.disconnect();
  }, [host]);

  // A segment shown (hovered or stepped to) that no longer exists (the rows changed) is let go.
  const shown = active ?? hover;
  const shownSegment = shown ? rows[shown.row]?.segments[shown.seg] : undefined;

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el || !palette || width === 0) return;
    const started = performance.now();
    paint(el, { rows, bars, scale, rowWindow, width, height: viewH, gutter, palette, now, highlight: shownSegment ? shown : null });
    if (!drawn.current && rows.length > 0) {
      drawn.current = true;
      performance.mark(GANTT_DRAWN_MARK, { detail: { rows: rows.length, bars: bars.length, paintMs: performance.now() - started } });
    }
  }, [rows, bars, scale, rowWindow, width, viewH, gutter, palette, now, shown, shownSegment]);

  const localPoint = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const { x, y } = localPoint(event);
    const hit = y < AXIS_H ? null : hitTest(rows, scale, rowWindow, x, y);
    setHover((prev) => (prev?.row === hit?.row && prev?.seg === hit?.seg ? prev : hit));
  };
  const onClick = (event: PointerEvent<HTMLCanvasElement>) => {
    const { x, y } = localPoint(event);
    const hit = y < AXIS_H ? null : hitTest(rows, scale, rowWindow, x, y);
    const row = hit ? rows[hit.row] : undefined;
    if (hit && row) onOpen(row.task.pipeline, row.segments[hit.seg]?.source ? row.segments[hit.seg]!.attempt : null);
  };

  const reveal = useCallback((ref: SegmentRef) => {
    const el = scroller.current;
    if (!el) return;
    const top = ref.row * ROW_H;
    const visible = viewH - AXIS_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + visible) el.scrollTop = top + ROW_H - visible;
  }, [viewH]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (STEP_KEYS.has(event.key)) {
      event.preventDefault();
      const next = stepSegment(rows, active, event.key as StepKey);
      if (next) {
        setActive(next);
        reveal(next);
      }
    } else if (event.key === 'Enter' && active) {
      const row = rows[active.row];
      const segment = row?.segments[active.seg];
      if (row && segment) onOpen(row.task.pipeline, segment.source ? segment.attempt : null);
    } else if (event.key === 'Escape') {
      setActive(null);
    }
  };

  const activeRow = active ? rows[active.row] : undefined;
  const activeSegment = activeRow?.segments[active!.seg];
  const announcement = activeRow && activeSegment ? segmentSentence(activeRow.task.pipeline, activeSegment, reasons.get(activeRow.task.id) ?? null, zone) : '';
  const attempts = useMemo(() => rows.reduce((n, row) => n + row.segments.filter((s) => s.source).length, 0), [rows]);

  return (
    <div className="gantt" ref={setHost}>
      <div
        ref={scroller}
        className="gantt-scroller"
        style={{ height: viewH }}
        tabIndex={0}
        role="group"
        aria-roledescription="Gantt chart"
        aria-label={`Gantt chart: ${rows.length} tasks, ${attempts} attempts. Arrow keys move between segments, Enter opens the task's log.`}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((prev) => prev ?? stepSegment(rows, null, 'ArrowDown'))}
        onBlur={() => setActive(null)}
      >
        <canvas
          ref={canvas}
          className="gantt-canvas"
          aria-hidden="true"
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHover(null)}
          onClick={onClick}
          style={{ cursor: hover ? 'pointer' : 'default' }}
        />
        <div style={{ height: Math.max(0, totalH - viewH) }} aria-hidden="true" />
      </div>
      {shown && shownSegment && rows[shown.row] && (
        <GanttTooltip row={rows[shown.row]!} seg={shown.seg} bar={bars.find((b) => b.row === shown.row && b.seg === shown.seg)} width={width} scale={scale} reason={reasons.get(rows[shown.row]!.task.id) ?? null} zone={zone} />
      )}
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
    </div>
  );
}

function GanttTooltip({ row, seg, bar, width, scale, reason, zone }: { readonly row: GanttRow; readonly seg: number; readonly bar: GanttBar | undefined; readonly width: number; readonly scale: TimeScale; readonly reason: string | null; readonly zone: string }) {
  const segment = row.segments[seg]!;
  if (!bar) return null;
  const boxW = 260;
  const anchor = barShape(segment) === 'marker' ? bar.x + bar.w / 2 : Math.max(bar.x, Math.min(xOf(scale, segment.end), bar.x + 40));
  const left = Math.max(4, Math.min(width - boxW - 4, anchor - 20));
  const below = bar.y + bar.h + 6;
  const top = below + 120 > MAX_VIEW_H ? Math.max(AXIS_H, bar.y - 118) : below;
  const outcome = segmentOutcome(segment, reason);
  return (
    <div className="gantt-tip" style={{ left, top, width: boxW }} aria-hidden="true">
      <div className="gantt-tip-title">
        <span className="gantt-tip-task">{row.task.pipeline}</span> <span className="gantt-tip-sub">{segmentTitle(segment)}</span>
      </div>
      <div className={`state state-${segment.kind}`}>
        <span className="state-dot" />
        {SEGMENT_WORDS[segment.kind]}
      </div>
      <dl className="gantt-tip-facts">
        <dt>Start</dt>
        <dd>{clockTime(segment.start, zone)}</dd>
        {!segment.marker && (
          <>
            <dt>End</dt>
            <dd>{segmentEnd(segment, zone)}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(segment.end - segment.start)}</dd>
          </>
        )}
        {outcome && (
          <>
            <dt>{segment.source ? 'Exit' : 'Reason'}</dt>
            <dd>{outcome}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

interface PaintInput {
  readonly rows: readonly GanttRow[];
  readonly bars: readonly GanttBar[];
  readonly scale: TimeScale;
  readonly rowWindow: ReturnType<typeof visibleRows>;
  readonly width: number;
  readonly height: number;
  readonly gutter: number;
  readonly palette: GanttPalette;
  readonly now: number | null;
  readonly highlight: SegmentRef | null;
}

/** Paints one frame: rows in view, axis on top, labels on the left, bars, the Now line, the highlighted segment. */
function paint(el: HTMLCanvasElement, input: PaintInput): void {
  const { rows, bars, scale, rowWindow, width, height, gutter, palette, now, highlight } = input;
  const dpr = globalThis.devicePixelRatio || 1;
  if (el.width !== Math.round(width * dpr) || el.height !== Math.round(height * dpr)) {
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    el.style.width = `${width}px`;
    el.style.height = `${height}px`;
  }
  const ctx = el.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = palette.surface;
  ctx.fillRect(0, 0, width, height);

  // Row bands and labels.
  ctx.font = `12px ${palette.font}`;
  ctx.textBaseline = 'middle';
  for (let r = rowWindow.first; r <= rowWindow.last; r++) {
    const row = rows[r];
    if (!row) continue;
    const y = rowWindow.top + r * rowWindow.rowHeight;
    if (r % 2 === 1) {
      ctx.fillStyle = palette.rowAlt;
      ctx.fillRect(0, y, width, rowWindow.rowHeight);
    }
    ctx.fillStyle = row.task.state === 'cached' ? palette.muted : palette.text;
    ctx.fillText(fitText(ctx, row.task.pipeline, gutter - 20), 12, y + rowWindow.rowHeight / 2);
  }

  // Grid lines under the bars.
  const ticks = axisTicks(scale, 80);
  ctx.fillStyle = palette.border;
  for (const tick of ticks) ctx.fillRect(Math.round(tick.x), AXIS_H, 1, height - AXIS_H);
  ctx.fillRect(gutter, 0, 1, height);

  for (const bar of bars) {
    ctx.fillStyle = palette.kinds[bar.kind];
    if (bar.shape === 'marker') {
      const cx = bar.x + bar.w / 2;
      const cy = bar.y + bar.h / 2;
      ctx.beginPath();
      ctx.moveTo(cx, bar.y);
      ctx.lineTo(bar.x + bar.w, cy);
      ctx.lineTo(cx, bar.y + bar.h);
      ctx.lineTo(bar.x, cy);
      ctx.closePath();
      ctx.fill();
    } else {
      ctx.fillRect(bar.x, bar.y, bar.w, bar.h);
    }
  }

  if (now !== null) {
    const x = Math.round(xOf(scale, now));
    ctx.fillStyle = palette.now;
    ctx.fillRect(x, AXIS_H, 1.5, height - AXIS_H);
  }

  if (highlight) {
    const bar = bars.find((b) => b.row === highlight.row && b.seg === highlight.seg);
    if (bar) {
      ctx.strokeStyle = palette.focus;
      ctx.lineWidth = 2;
      const pad = bar.shape === 'bar' ? 2 : 4;
      ctx.strokeRect(bar.x - pad, Math.min(bar.y - pad, rowWindow.top + bar.row * rowWindow.rowHeight + 2), bar.w + pad * 2, Math.max(bar.h + pad * 2, rowWindow.rowHeight - 4));
    }
  }

  // The axis band last, over rows scrolled beneath it.
  ctx.fillStyle = palette.surface;
  ctx.fillRect(0, 0, width, AXIS_H);
  ctx.fillStyle = palette.border;
  ctx.fillRect(0, AXIS_H - 1, width, 1);
  ctx.font = `11px ${palette.font}`;
  ctx.fillStyle = palette.muted;
  ctx.fillText('Task', 12, AXIS_H / 2);
  ctx.textAlign = 'center';
  ticks.forEach((tick, i) => {
    ctx.textAlign = i === 0 ? 'left' : tick.x > width - 30 ? 'right' : 'center';
    ctx.fillText(tick.label, i === 0 ? tick.x + 2 : tick.x, AXIS_H / 2);
    ctx.fillRect(Math.round(tick.x), AXIS_H - 5, 1, 4);
  });
  ctx.textAlign = 'left';
}

const fitCache = new Map<string, string>();

/** `text` cut with an ellipsis to fit `max` px (memoized per font and width). */
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  const key = `${ctx.font}|${max}|${text}`;
  const hit = fitCache.get(key);
  if (hit !== undefined) return hit;
  let fitted = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid;
      else hi = mid - 1;
    }
    fitted = text.slice(0, lo) + '…';
  }
  if (fitCache.size > 5_000) fitCache.clear();
  fitCache.set(key, fitted);
  return fitted;
}
