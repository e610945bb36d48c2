import { describe, expect, it } from 'vitest';
import type { TimelineRun } from '../../shared/overview-model.js';
import {
  axisTicks, defaultWindow, fireTicks, hitTest, itemsInOrder, layoutTimeline, MIN_BAR_PX, panWindow, runBars, shadeRects, slotMarks, timeScale, zoomWindow, ZOOM_SPANS,
  type Lane, type TimelineInput,
} from '../../renderer/timeline/schedule-timeline.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2025, 0, 15, 12); // Wed 2025-01-15 12:00 UTC, 07:00 in New York

function run(id: number, targets: string[], start: number, end: number | null, state: TimelineRun['state'] = 'succeeded'): TimelineRun {
  return { id, projectFile: '/p/tickwork.yaml', targets, state, trigger: 'schedule', partitionKey: 'date=2025-01-15', createdAt: start - 1000, startedAt: start, finishedAt: end };
}

function lanes(keys: string[], height = 20, top = 30): Map<string, Lane> {
  return new Map(keys.map((key, index) => [key, { key, label: key, index, y: top + index * height, height }]));
}

const scale = timeScale({ from: T0, to: T0 + 10 * H }, 100, 1000); // 100 px per hour, starting at x = 100

describe('time scale, zoom and pan', () => {
  it('maps the window onto [left, left + width] and back', () => {
    expect(scale.x(T0)).toBe(100);
    expect(scale.x(T0 + 10 * H)).toBe(1100);
    expect(scale.x(T0 + 2.5 * H)).toBe(350);
    expect(scale.at(350)).toBe(T0 + 2.5 * H);
  });

  it('opens on the past 24 hours and the next 48', () => {
    expect(defaultWindow(T0)).toEqual({ from: T0 - DAY, to: T0 + 2 * DAY });
  });

  it('zooms through the spans keeping the anchor where it is on screen, and stops at either end', () => {
    const window = defaultWindow(T0); // 72 h
    const zoomedIn = zoomWindow(window, 'in', T0); // T0 sits at 1/3 of the view
    expect(zoomedIn.to - zoomedIn.from).toBe(DAY);
    expect((T0 - zoomedIn.from) / (zoomedIn.to - zoomedIn.from)).toBeCloseTo(1 / 3, 6);
    const out = zoomWindow(window, 'out', T0);
    expect(out.to - out.from).toBe(7 * DAY);
    let narrow = window;
    for (let i = 0; i < 20; i++) narrow = zoomWindow(narrow, 'in');
    expect(narrow.to - narrow.from).toBe(ZOOM_SPANS[0]);
    expect(zoomWindow(narrow, 'in')).toBe(narrow);
    let wide = window;
    for (let i = 0; i < 20; i++) wide = zoomWindow(wide, 'out');
    expect(wide.to - wide.from).toBe(ZOOM_SPANS.at(-1));
    expect(zoomWindow(wide, 'out')).toBe(wide);
  });

  it('pans by a share of the span', () => {
    expect(panWindow({ from: 0, to: 1000 }, -0.25)).toEqual({ from: -250, to: 750 });
    expect(panWindow({ from: 0, to: 1000 }, 0.5)).toEqual({ from: 500, to: 1500 });
  });
});

describe('run bars', () => {
  const byKey = lanes(['job:daily', 'pipeline:prices']);
  const lanesOf = (r: TimelineRun) => r.targets.map((t) => (t === 'daily' ? 'job:daily' : `pipeline:${t}`));

  it('draws a run from its start to its end in its lane, a running one up to now, at least MIN_BAR_PX wide', () => {
    const bars = runBars([run(1, ['daily'], T0 + H, T0 + 2 * H), run(2, ['prices'], T0 + 3 * H, null, 'running'), run(3, ['prices'], T0 + 4 * H, T0 + 4 * H + 1000)], byKey, lanesOf, scale, T0 + 3.5 * H);
    expect(bars.map((b) => [b.run.id, b.lane, b.x, b.w, b.state])).toEqual([
      [1, 0, 200, 100, 'succeeded'],
      [2, 1, 400, 50, 'running'],
      [3, 1, 500, MIN_BAR_PX, 'succeeded'],
    ]);
    // Inset inside the lane, not touching its neighbours.
    expect(bars[0]!.y).toBeGreaterThan(30);
    expect(bars[0]!.y + bars[0]!.h).toBeLessThan(50);
  });

  it('clips a run crossing the window edge, leaves out runs outside it or without a lane, and draws a run of two targets in both lanes', () => {
    const bars = runBars(
      [run(1, ['daily'], T0 - 2 * H, T0 + H), run(2, ['daily'], T0 - 5 * H, T0 - 4 * H), run(3, ['unknown'], T0 + H, T0 + 2 * H), run(4, ['daily', 'prices'], T0 + 6 * H, T0 + 7 * H)],
      byKey, lanesOf, scale, T0 + 9 * H,
    );
    expect(bars.map((b) => [b.run.id, b.lane, b.x, b.w])).toEqual([
      [1, 0, 100, 100],
      [4, 0, 700, 100],
      [4, 1, 700, 100],
    ]);
  });
});

describe('fire ticks, slot marks and shading', () => {
  const byKey = lanes(['a', 'b']);

  it('ticks the fires inside the window, paused while the pause holds (until resumed, or before its until)', () => {
    const ticks = fireTicks([
      { key: 'a', nextFires: [T0 - H, T0 + H, T0 + 2 * H], paused: null },
      { key: 'b', nextFires: [T0 + H, T0 + 5 * H], paused: { until: T0 + 3 * H } },
      { key: 'c', nextFires: [T0 + H], paused: null },
    ], byKey, scale);
    expect(ticks.map((t) => [t.key, t.lane, t.x, t.paused])).toEqual([
      ['a', 0, 200, false],
      ['a', 0, 300, false],
      ['b', 1, 200, true],
      ['b', 1, 600, false],
    ]);
    expect(fireTicks([{ key: 'a', nextFires: [T0 + 9 * H], paused: { until: null } }], byKey, scale)[0]!.paused).toBe(true);
  });

  it('marks missed slots with their outcome and the run a catch-up led to', () => {
    const marks = slotMarks([{ key: 'a', slot: T0 + H, outcome: 'caught_up', runId: 7 }, { key: 'b', slot: T0 + 2 * H, outcome: 'paused', runId: null }, { key: 'a', slot: T0 - H, outcome: 'skipped_by_policy', runId: null }], byKey, scale);
    expect(marks.map((m) => [m.key, m.lane, m.x, m.outcome, m.runId])).toEqual([['a', 0, 200, 'caught_up', 7], ['b', 1, 300, 'paused', null]]);
  });

  it('shades closed days and the machine’s periods clipped to the window, a clock change as a 1 px line', () => {
    const shades = shadeRects(
      [{ startsAt: T0 - DAY, endsAt: T0 + 2 * H, label: 'NYSE closed' }, { startsAt: T0 + 20 * H, endsAt: T0 + 30 * H, label: 'later' }],
      [{ kind: 'sleep', startedAt: T0 + 3 * H, endedAt: T0 + 4 * H, source: 'heartbeat' }, { kind: 'clock_change', startedAt: T0 + 5 * H, endedAt: T0 + 5 * H, source: 'power_event' }, { kind: 'daemon_down', startedAt: T0 + 9 * H, endedAt: T0 + 12 * H, source: 'daemon_start' }],
      scale,
    );
    expect(shades.map((s) => [s.kind, s.x, s.w, s.label])).toEqual([
      ['closed', 100, 200, 'NYSE closed'],
      ['sleep', 400, 100, 'Laptop asleep'],
      ['clock_change', 600, 1, 'Clock changed'],
      ['daemon_down', 1000, 100, 'Daemon not running'],
    ]);
  });
});

describe('the axis', () => {
  it('puts lines on round wall-clock times of the zone shown, days at its midnight', () => {
    const window = { from: Date.UTC(2025, 0, 15, 0), to: Date.UTC(2025, 0, 18, 0) };
    const ny = axisTicks(timeScale(window, 0, 1200), 'America/New_York'); // 72 h over 1200 px: every 6 h
    expect(ny.slice(0, 3).map((t) => [new Date(t.at).toISOString(), t.label, t.major])).toEqual([
      ['2025-01-15T05:00:00.000Z', 'Wed 01-15', true],
      ['2025-01-15T11:00:00.000Z', '06:00', false],
      ['2025-01-15T17:00:00.000Z', '12:00', false],
    ]);
    const utc = axisTicks(timeScale(window, 0, 1200), 'UTC');
    expect(utc[0]).toMatchObject({ at: window.from, x: 0, label: 'Wed 01-15', major: true });
    expect(utc.length).toBe(13); // both ends included
  });

  it('keeps hourly lines on the hour across the spring DST change, each drawn once', () => {
    const window = { from: Date.UTC(2025, 2, 9, 5), to: Date.UTC(2025, 2, 10, 4) }; // New York's 2025-03-09, 23 hours long
    const ticks = axisTicks(timeScale(window, 0, 23 * 80), 'America/New_York');
    expect(ticks.length).toBe(24); // 23 hours, both ends included
    expect(ticks.map((t) => t.label).slice(0, 4)).toEqual(['Sun 03-09', '01:00', '03:00', '04:00']);
    expect(ticks.at(-1)).toMatchObject({ label: 'Mon 03-10', major: true, at: window.to });
    expect(new Set(ticks.map((t) => t.at)).size).toBe(24);
  });
});

describe('layout, hit testing and order', () => {
  const input = (overrides: Partial<TimelineInput> = {}): TimelineInput => ({
    window: { from: T0, to: T0 + 10 * H }, width: 1100, gutter: 100, axisHeight: 30, laneHeight: 20, now: T0 + 5 * H, timeZone: 'UTC',
    lanes: [{ key: 'a', label: 'daily' }, { key: 'b', label: 'prices' }], lanesOf: (r) => r.targets,
    runs: [run(1, ['a'], T0 + H, T0 + 2 * H), run(2, ['b'], T0 + 3 * H, T0 + 4 * H, 'failed')],
    schedules: [{ key: 'a', nextFires: [T0 + 6 * H], paused: null }],
    slots: [{ key: 'b', slot: T0 + 4.5 * H, outcome: 'skipped_by_policy', runId: null }],
    periods: [], closed: [], ...overrides,
  });

  it('lays lanes under the axis and puts now on its x', () => {
    const layout = layoutTimeline(input());
    expect(layout.lanes.map((l) => [l.label, l.y])).toEqual([['daily', 30], ['prices', 50]]);
    expect(layout.height).toBe(70);
    expect(layout.nowX).toBe(600);
    expect(layoutTimeline(input({ now: T0 - H })).nowX).toBeNull();
  });

  it('finds what lies under a point: a tick or mark before a bar, nothing between lanes or far from anything', () => {
    const layout = layoutTimeline(input());
    expect(hitTest(layout, 250, 40)).toMatchObject({ kind: 'run', run: { id: 1 } });
    expect(hitTest(layout, 702, 40)).toMatchObject({ kind: 'fire', at: T0 + 6 * H });
    expect(hitTest(layout, 548, 60)).toMatchObject({ kind: 'slot', outcome: 'skipped_by_policy' });
    expect(hitTest(layout, 900, 40)).toBeNull();
    expect(hitTest(layout, 250, 10)).toBeNull();
  });

  it('lists every item in time order for the keyboard and the table', () => {
    expect(itemsInOrder(layoutTimeline(input())).map((item) => item.kind)).toEqual(['run', 'run', 'slot', 'fire']);
  });

  it('lays out 10,000 runs well inside the 300 ms a frame of the timeline may take (with its paint)', () => {
    const runs = Array.from({ length: 10_000 }, (_, i) => run(i + 1, [i % 2 ? 'a' : 'b'], T0 + i * 3_000, T0 + i * 3_000 + 2_000));
    const started = performance.now();
    const layout = layoutTimeline(input({ runs, window: { from: T0, to: T0 + 10 * H } }));
    const ms = performance.now() - started;
    expect(layout.bars.length).toBe(10_000);
    expect(ms).toBeLessThan(250); // typically ~10 ms; the bound leaves room for a loaded machine
  });
});
