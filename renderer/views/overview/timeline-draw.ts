/**
 * Paints a TimelineLayout on a 2D canvas, back to front: lane stripes,
 * shaded spans (closed exchange days, sleeps, daemon-down gaps, clock
 * changes), the axis, lane labels, run bars (one fillStyle per state, so
 * 10,000 bars are 5 colour switches), missed-slot marks with a line to the
 * run they led to, future fire ticks, the Now line and the focused item.
 */
import type { RunState } from '../../../shared/state-machines.js';
import type { TimelineItem, TimelineLayout } from '../../timeline/schedule-timeline.js';
import type { TimelinePalette } from './timeline-palette.js';

/** What the painter needs besides the layout. */
export interface PaintOptions {
  readonly width: number;
  readonly axisHeight: number;
  readonly gutter: number;
  readonly focused: TimelineItem | null;
  readonly hovered: TimelineItem | null;
}

/** See the file comment. */
export function paintTimeline(ctx: CanvasRenderingContext2D, layout: TimelineLayout, palette: TimelinePalette, options: PaintOptions): void {
  const { width, axisHeight, gutter } = options;
  const height = layout.height;
  const right = width;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = palette.surface;
  ctx.fillRect(0, 0, width, height);

  for (const lane of layout.lanes) {
    if (lane.index % 2) {
      ctx.fillStyle = palette.rowAlt;
      ctx.fillRect(0, lane.y, width, lane.height);
    }
  }

  // Shaded spans behind everything, across the lanes (closed days also tint the axis band).
  for (const shade of layout.shades) {
    if (shade.kind === 'clock_change') continue;
    ctx.fillStyle = shade.kind === 'closed' ? palette.closed : shade.kind === 'sleep' ? palette.sleep : palette.down;
    ctx.fillRect(shade.x, shade.kind === 'closed' ? 0 : axisHeight, shade.w, shade.kind === 'closed' ? height : height - axisHeight);
    if (shade.kind === 'daemon_down') hatch(ctx, shade.x, axisHeight, shade.w, height - axisHeight, palette.borderStrong);
  }

  // Axis: grid lines and labels.
  ctx.font = `11px ${palette.font}`;
  ctx.textBaseline = 'middle';
  for (const tick of layout.axis) {
    ctx.fillStyle = tick.major ? palette.borderStrong : palette.border;
    ctx.fillRect(Math.round(tick.x), tick.major ? 0 : axisHeight - 6, 1, tick.major ? height : height - axisHeight + 6);
    ctx.fillStyle = tick.major ? palette.text : palette.muted;
    if (tick.x + 4 > gutter && tick.x + 40 < right) ctx.fillText(tick.label, Math.round(tick.x) + 4, axisHeight / 2);
  }
  ctx.fillStyle = palette.border;
  ctx.fillRect(0, axisHeight - 1, width, 1);

  // Sleeps and daemon-down gaps wide enough say what they are (closed days are in the legend and on hover).
  for (const shade of layout.shades) {
    if (shade.kind === 'closed' || shade.kind === 'clock_change' || shade.w < 110) continue;
    ctx.fillStyle = palette.muted;
    ctx.fillText(shade.label, Math.max(gutter, shade.x) + 4, axisHeight + 9);
  }

  // Run bars, grouped by state.
  const byState = new Map<RunState, Array<{ x: number; y: number; w: number; h: number }>>();
  for (const bar of layout.bars) {
    let group = byState.get(bar.state);
    if (!group) byState.set(bar.state, (group = []));
    group.push(bar);
  }
  for (const [state, bars] of byState) {
    ctx.fillStyle = palette.states[state];
    for (const b of bars) ctx.fillRect(b.x, b.y, b.w, b.h);
  }

  // Missed slots: a ring (paused: grey, skipped by policy: orange), caught up: a line to its run's bar.
  // (The bars by run id only when a mark names a run: a hover repaints, and 10,000 bars make a big map.)
  const barOf = layout.slots.some((mark) => mark.runId !== null) ? new Map(layout.bars.map((bar) => [bar.run.id, bar])) : null;
  for (const mark of layout.slots) {
    const lane = layout.lanes[mark.lane]!;
    const cy = lane.y + lane.height / 2;
    const colour = mark.outcome === 'skipped_by_policy' ? palette.skipped : mark.outcome === 'paused' ? palette.paused : palette.accent;
    const run = mark.runId !== null ? barOf?.get(mark.runId) : undefined;
    if (run) {
      ctx.strokeStyle = palette.accent;
      ctx.setLineDash([3, 2]);
      ctx.beginPath();
      ctx.moveTo(mark.x, cy);
      ctx.lineTo(run.x, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(mark.x, cy, 4, 0, Math.PI * 2);
    ctx.stroke();
    if (mark.outcome === 'paused' || mark.outcome === 'skipped_by_policy') {
      ctx.beginPath();
      ctx.moveTo(mark.x - 2.8, cy + 2.8);
      ctx.lineTo(mark.x + 2.8, cy - 2.8);
      ctx.stroke();
    }
    ctx.lineWidth = 1;
  }

  // Future fires: a small downward triangle on a stem; hollow and grey when the pause will skip it.
  for (const tick of layout.ticks) {
    const lane = layout.lanes[tick.lane]!;
    const top = lane.y + 3;
    ctx.fillStyle = tick.paused ? palette.paused : palette.text;
    ctx.strokeStyle = ctx.fillStyle;
    ctx.fillRect(Math.round(tick.x), top + 4, 1, lane.height - 9);
    ctx.beginPath();
    ctx.moveTo(tick.x - 3.5, top);
    ctx.lineTo(tick.x + 3.5, top);
    ctx.lineTo(tick.x, top + 5);
    ctx.closePath();
    if (tick.paused) ctx.stroke();
    else ctx.fill();
  }

  // Clock changes: a dashed line.
  for (const shade of layout.shades) {
    if (shade.kind !== 'clock_change') continue;
    ctx.strokeStyle = palette.clock;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(shade.x + 0.5, axisHeight);
    ctx.lineTo(shade.x + 0.5, height);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // Now.
  if (layout.nowX !== null && layout.nowX >= gutter) {
    ctx.fillStyle = palette.accent;
    ctx.fillRect(Math.round(layout.nowX) - 1, 0, 2, height);
    ctx.font = `600 10px ${palette.font}`;
    const label = 'Now';
    const w = ctx.measureText(label).width + 8;
    ctx.fillRect(Math.round(layout.nowX) - w / 2, 2, w, 14);
    ctx.fillStyle = palette.surface;
    ctx.fillText(label, Math.round(layout.nowX) - w / 2 + 4, 9);
  }

  // Lane labels over a solid gutter.
  ctx.fillStyle = palette.surface;
  ctx.fillRect(0, axisHeight, gutter - 1, height - axisHeight);
  ctx.fillStyle = palette.border;
  ctx.fillRect(gutter - 1, 0, 1, height);
  ctx.font = `12px ${palette.font}`;
  for (const lane of layout.lanes) {
    if (lane.index % 2) {
      ctx.fillStyle = palette.rowAlt;
      ctx.fillRect(0, lane.y, gutter - 1, lane.height);
    }
    ctx.fillStyle = palette.text;
    ctx.fillText(fit(ctx, lane.label, gutter - 16), 10, lane.y + lane.height / 2);
  }

  for (const [item, colour] of [[options.hovered, palette.borderStrong], [options.focused, palette.focus]] as const) {
    if (item) outline(ctx, layout, item, colour);
  }
}

/** Diagonal lines over a rectangle (the daemon-down pattern), so it reads without colour. */
function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, colour: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.globalAlpha = 0.5;
  ctx.beginPath();
  for (let d = -h; d < w; d += 8) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

function outline(ctx: CanvasRenderingContext2D, layout: TimelineLayout, item: TimelineItem, colour: string): void {
  const lane = layout.lanes[item.lane]!;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  if (item.kind === 'run') ctx.strokeRect(item.x - 2, item.y - 2, item.w + 4, item.h + 4);
  else ctx.strokeRect(item.x - 6, lane.y + 1, 12, lane.height - 2);
  ctx.lineWidth = 1;
}

/** `text` cut with an ellipsis to fit `max` px. */
function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}
