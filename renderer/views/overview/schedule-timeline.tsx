/**
 * The schedule timeline above the Overview's table: past runs as bars by
 * state, future fires as ticks, missed slots (with the run a catch-up led
 * to), NYSE-closed days, sleeps and daemon-down gaps shaded, and a Now line,
 * on one canvas. Opens on the past 24 h and the next 48 h, following now
 * until zoomed or panned (buttons, or + − ← → 0 on the focused chart); [ and
 * ] step through its items, whose details are announced; Enter opens a run.
 * "Show as table" lists the same facts for screen readers and keyboards.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useLocation } from 'wouter';
import type { ScheduleInfo } from '../../../shared/schedule-model.js';
import type { TargetSummary } from '../../../shared/overview-model.js';
import { loadedRange, useClosedDays, useTimelinePeriods, useTimelineRuns } from '../../api/index.js';
import { defaultWindow, hitTest, itemsInOrder, layoutTimeline, panWindow, zoomWindow, type TimeWindow, type TimelineItem } from '../../timeline/schedule-timeline.js';
import { dateIn, timestampIn, zoneAbbreviation } from '../../format/zone-format.js';
import { laneResolver, timelineLanes } from './overview-rows.js';
import { paintTimeline } from './timeline-draw.js';
import { useTimelinePalette } from './timeline-palette.js';
import { itemFact, layoutFacts, shadeFact } from './timeline-text.js';
import { TimelineTable } from './timeline-table.js';
import { TimelineLegend } from './timeline-legend.js';

const AXIS = 26;
const LANE = 24;
const GUTTER = 150;
const DAY = 86_400_000;
const EXCHANGE_CALENDAR_ZONE = 'America/New_York';

/** What the timeline draws. */
export interface ScheduleTimelineProps {
  readonly targets: readonly TargetSummary[];
  readonly schedules: readonly ScheduleInfo[];
  readonly now: number;
  /** The zone the axis and the details read in. */
  readonly zone: string;
}

/** See the file comment. */
export function ScheduleTimeline({ targets, schedules, now, zone }: ScheduleTimelineProps) {
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState<TimeWindow | null>(null);
  const [asTable, setAsTable] = useState(false);
  const [hovered, setHovered] = useState<{ item: TimelineItem | null; text: string; x: number; y: number } | null>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const [width, setWidth] = useState(0);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const palette = useTimelinePalette(host);
  const helpId = useId();
  const tableId = useId();
  const view = chosen ?? defaultWindow(now);
  const range = loadedRange(view.from, view.to);
  const runs = useTimelineRuns(range.from, range.to);
  const periods = useTimelinePeriods(range.from, range.to);
  const closed = useClosedDays(dateIn(range.from - DAY, EXCHANGE_CALENDAR_ZONE), dateIn(range.to + DAY, EXCHANGE_CALENDAR_ZONE));
  const time = useCallback((ms: number) => `${timestampIn(ms, zone).slice(5, 19)} ${zoneAbbreviation(ms, zone)}`, [zone]);

  useEffect(() => {
    if (!host) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(host);
    return () => observer.disconnect();
  }, [host]);

  const runList = runs.data?.runs;
  /** When the current layout began (the paint effect measures layout + paint from it: `tickwork:timeline` in the performance timeline). */
  const layoutStart = useRef(0);
  const lanesOf = useMemo(() => laneResolver(targets), [targets]);
  const layout = useMemo(() => {
    const list = runList ?? [];
    layoutStart.current = performance.now();
    return layoutTimeline({
      window: view,
      width: Math.max(width, GUTTER + 100),
      gutter: GUTTER,
      axisHeight: AXIS,
      laneHeight: LANE,
      now,
      timeZone: zone,
      lanes: timelineLanes(targets, list, lanesOf),
      lanesOf,
      runs: list,
      schedules,
      slots: periods.data?.slots ?? [],
      periods: periods.data?.periods ?? [],
      closed: (closed.data?.closed ?? []).map((d) => ({ startsAt: d.startsAt, endsAt: d.endsAt, label: `NYSE closed: ${d.name ?? (d.why === 'weekend' ? 'weekend' : 'holiday')}` })),
    });
    // the view is derived from chosen and now; its fields are the real inputs.
  }, [view.from, view.to, width, now, zone, targets, lanesOf, runList, schedules, periods.data, closed.data]); // eslint-disable-line react-hooks/exhaustive-deps

  // Every item in time order, sorted only once something steps through them or lists them (not for each layout).
  const itemsOf = useMemo(() => {
    let sorted: TimelineItem[] | null = null;
    return () => (sorted ??= itemsInOrder(layout));
  }, [layout]);
  const focused = focusIndex !== null ? (() => {
    const items = itemsOf();
    return items[Math.min(focusIndex, items.length - 1)] ?? null;
  })() : null;

  useEffect(() => {
    const element = canvas.current;
    if (!element || !palette || width === 0) return;
    const ratio = globalThis.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(layout.height * ratio);
    element.style.width = `${width}px`;
    element.style.height = `${layout.height}px`;
    const ctx = element.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    paintTimeline(ctx, layout, palette, { width, axisHeight: AXIS, gutter: GUTTER, focused, hovered: hovered?.item ?? null });
    if (layoutStart.current) {
      performance.measure('tickwork:timeline', { start: layoutStart.current, end: performance.now(), detail: { bars: layout.bars.length, ticks: layout.ticks.length } });
      layoutStart.current = 0; // a repaint for hover or focus is not a new layout
    }
  }, [layout, palette, width, focused, hovered?.item]);

  const zoom = (direction: 'in' | 'out', anchor?: number) => setChosen(zoomWindow(view, direction, anchor ?? (now >= view.from && now <= view.to ? now : undefined)));
  const pan = (fraction: number) => setChosen(panWindow(view, fraction));
  const reset = () => {
    setChosen(null);
    setFocusIndex(null);
  };
  const open = (item: TimelineItem | null) => {
    const runId = item?.kind === 'run' ? item.run.id : item?.kind === 'slot' ? item.runId : null;
    if (runId !== null && runId !== undefined) navigate(`/runs/${runId}`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const step = (delta: number) => {
      const items = itemsOf();
      setFocusIndex((i) => (items.length === 0 ? null : i === null ? (delta > 0 ? firstAfter(items, now) : Math.max(0, firstAfter(items, now) - 1)) : Math.min(items.length - 1, Math.max(0, i + delta))));
    };
    const actions: Record<string, () => void> = {
      '+': () => zoom('in', focused ? atOf(focused) : undefined),
      '=': () => zoom('in', focused ? atOf(focused) : undefined),
      '-': () => zoom('out', focused ? atOf(focused) : undefined),
      ArrowLeft: () => pan(-0.25),
      ArrowRight: () => pan(0.25),
      '0': reset,
      Home: reset,
      ']': () => step(1),
      '[': () => step(-1),
      Enter: () => open(focused),
      Escape: () => setFocusIndex(null),
    };
    const action = actions[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const item = hitTest(layout, x, y);
    if (item) {
      const fact = itemFact(item, layout, time);
      setHovered({ item, text: `${fact.lane} · ${fact.what} · ${fact.detail}`, x, y });
      return;
    }
    // Nothing drawn there: say what the shading is (the last span drawn over the point: a sleep over a closed day).
    const shade = x > GUTTER ? [...layout.shades].reverse().find((s) => x >= s.x - 1 && x <= s.x + Math.max(s.w, 3)) : undefined;
    const fact = shade ? shadeFact(shade, time) : null;
    setHovered(fact ? { item: null, text: `${fact.what} · ${fact.detail}`, x, y } : null);
  };

  const focusText = focused ? (() => {
    const fact = itemFact(focused, layout, time);
    return `${fact.lane}: ${fact.what}, ${fact.detail}${fact.runId !== null ? ' (Enter opens the run)' : ''}`;
  })() : '';
  const loading = runs.isPending || periods.isPending;
  const span = view.to - view.from;

  return (
    <section className="timeline-card" aria-labelledby="timeline-title">
      <div className="timeline-head">
        <h2 id="timeline-title">Schedule timeline</h2>
        <span className="view-count">
          {time(view.from)} – {time(view.to)}
          {runs.data?.truncated ? ' · showing the newest 20,000 runs' : ''}
          {loading ? ' · loading…' : ''}
        </span>
        <div className="timeline-tools" role="toolbar" aria-label="Timeline zoom">
          <button type="button" className="button button-small" onClick={() => pan(-0.25)} aria-label="Earlier" title="Earlier (←)">
            ←
          </button>
          <button type="button" className="button button-small" onClick={() => zoom('out')} aria-label="Zoom out" title="Zoom out (−)">
            −
          </button>
          <span className="zoom-span mono" aria-live="polite">{spanLabel(span)}</span>
          <button type="button" className="button button-small" onClick={() => zoom('in')} aria-label="Zoom in" title="Zoom in (+)">
            +
          </button>
          <button type="button" className="button button-small" onClick={() => pan(0.25)} aria-label="Later" title="Later (→)">
            →
          </button>
          <button type="button" className="button button-small" onClick={reset} disabled={chosen === null} title="Past 24 h to next 48 h, following now (0)">
            Now
          </button>
          <button type="button" className="button button-small" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'Show as chart' : 'Show as table'}
          </button>
        </div>
      </div>
      <p id={helpId} className="sr-only">
        Keys: plus and minus zoom, left and right arrows move in time, 0 returns to now, ] and [ step to the next and previous item, Enter opens its run. "Show as table" lists everything shown.
      </p>
      <div
        ref={setHost}
        className="timeline-host"
        tabIndex={0}
        role="group"
        aria-label={`Schedule timeline, ${layout.lanes.length} lanes, ${layout.bars.length} runs and ${layout.ticks.length} upcoming fires shown`}
        aria-describedby={helpId}
        onKeyDown={onKeyDown}
        hidden={asTable}
      >
        <canvas
          ref={canvas}
          aria-hidden="true"
          className="timeline-canvas"
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHovered(null)}
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect();
            open(hitTest(layout, event.clientX - rect.left, event.clientY - rect.top));
          }}
        />
        {hovered && (
          <div className="timeline-tip" aria-hidden="true" style={{ left: Math.min(hovered.x + 12, Math.max(0, width - 320)), top: hovered.y + 14 }}>
            {hovered.text}
          </div>
        )}
        {layout.lanes.length === 0 && !loading && <p className="timeline-empty">No schedules and no runs in this view.</p>}
      </div>
      <div className="timeline-focus" role="status" aria-live="polite">
        {focusText}
      </div>
      {asTable ? <TimelineTable id={tableId} facts={layoutFacts(itemsOf(), layout, time)} /> : <TimelineLegend />}
    </section>
  );
}

function atOf(item: TimelineItem): number {
  return item.kind === 'run' ? item.start : item.at;
}

/** Index of the first item at or after `now` (the natural place to start stepping). */
function firstAfter(items: readonly TimelineItem[], now: number): number {
  const i = items.findIndex((item) => atOf(item) >= now);
  return i === -1 ? items.length - 1 : i;
}

function spanLabel(ms: number): string {
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} days`;
}
