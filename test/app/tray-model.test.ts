import { describe, expect, it } from 'vitest';
import { initialTrayState, reduceTray, type TrayChange, type TrayState } from '../../electron/app/tray-state.js';
import { trayModel, TRAY_ICONS } from '../../electron/app/tray-model.js';
import { nextSixAm, pauseDeadline, spokenAge, spokenClock, spokenCountdown } from '../../electron/app/tray-text.js';
import { findItem, menuOutline, runRecord, scheduleInfo } from './tray-fixtures.js';
import type { RunRecord } from '../../shared/run-model.js';
import type { ScheduleInfo } from '../../shared/schedule-model.js';

const MIN = 60_000;
// Local wall-clock instants: the pause deadlines and clock labels are the laptop's local time, in any TZ.
const local = (day: number, hour: number, minute = 0): number => new Date(2025, 2, day, hour, minute).getTime();
const NOW = local(10, 15, 46); // a Monday afternoon
const PROJECT = { name: 'desk', file: '/p/tickwork.yaml', pipelines: ['prices', 'metrics'], jobs: ['eod'] };

function stateWith(snapshot: { runs?: RunRecord[]; schedules?: ScheduleInfo[]; projects?: typeof PROJECT[] }, lookedAt = NOW - 60 * MIN, more: TrayChange[] = []): TrayState {
  const changes: TrayChange[] = [
    { type: 'connection', connected: true },
    { type: 'snapshot', snapshot: { runs: snapshot.runs ?? [], schedules: snapshot.schedules ?? [], projects: snapshot.projects ?? [PROJECT] } },
    ...more,
  ];
  return changes.reduce(reduceTray, initialTrayState(lookedAt));
}

describe('the tray model', () => {
  it('says the daemon is unreachable and offers only Quit while it is', () => {
    const view = trayModel(initialTrayState(NOW), NOW);
    expect([view.icon, view.title, view.tooltip]).toEqual(['unreachable', '', 'Tickwork: the daemon is not reachable']);
    expect(menuOutline(view.menu)).toEqual(['Daemon not reachable (disabled)', 'Tickwork reconnects when it is back (disabled)', '---', 'Quit Tickwork']);
    expect(findItem(view.menu, 'Quit Tickwork').action).toEqual({ kind: 'quit' });
  });

  it('drops what it read from a daemon it lost, so no run shows as running after the daemon went away', () => {
    const running = stateWith({ runs: [runRecord(7, 'running', { createdAt: NOW - 5 * MIN })] });
    expect(trayModel(running, NOW).title).toBe('1');
    const lost = reduceTray(running, { type: 'connection', connected: false });
    expect([lost.active, lost.recent, trayModel(lost, NOW).icon]).toEqual([[], [], 'unreachable']);
    const back = reduceTray(lost, { type: 'connection', connected: true });
    expect(menuOutline(trayModel(back, NOW).menu)).toEqual(['Loading… (disabled)', '---', 'Open dashboard', 'Preferences…', '---', 'Quit Tickwork']);
  });

  it('is idle with the last runs, their state and age, the next fire as a countdown, and every pipeline and job under Run', () => {
    const state = stateWith({
      runs: [runRecord(2, 'succeeded', { createdAt: NOW - 10 * MIN, finishedAt: NOW - 3 * MIN }), runRecord(1, 'cancelled', { createdAt: NOW - 3 * 60 * MIN, finishedAt: NOW - 2 * 60 * MIN - 5 * MIN }, { partition: { date: '2025-03-07', region: 'eu', book: 'a' } })],
      schedules: [scheduleInfo('metrics', [NOW + 2 * 60 * MIN + 14 * MIN]), scheduleInfo('prices', [NOW + 5 * 60 * MIN])],
    });
    const view = trayModel(state, NOW);
    expect([view.icon, view.title]).toEqual(['idle', '']);
    expect(view.tooltip).toBe('Tickwork · nothing running · next: metrics in 2h 14m');
    expect(menuOutline(view.menu)).toEqual([
      'Last runs (disabled)',
      '#2 metrics · 2025-03-10 · succeeded · 3m ago',
      '#1 metrics · 2025-03-07 · book=a · region=eu · cancelled · 2h 5m ago',
      '---',
      'Next: metrics in 2h 14m (disabled)',
      '---',
      'Run ▸',
      "  Today's partition (disabled)",
      '  Jobs (disabled)',
      '  eod',
      '  Pipelines (disabled)',
      '  prices',
      '  metrics',
      '  ---',
      '  Choose date and partition…',
      'Pause schedules ▸',
      '  For 1 hour',
      '  Until tomorrow 06:00',
      '  Until resumed',
      '---',
      'Open dashboard',
      'Preferences…',
      '---',
      'Quit Tickwork',
    ]);
    expect(findItem(view.menu, '#2 metrics · 2025-03-10 · succeeded · 3m ago').action).toEqual({ kind: 'open-run', id: 2 });
    expect(findItem(view.menu, 'eod').action).toEqual({ kind: 'run-target', project: '/p/tickwork.yaml', target: 'eod' });
    expect(findItem(view.menu, 'Choose date and partition…').action).toEqual({ kind: 'choose-launch' });
    expect(findItem(view.menu, 'Until tomorrow 06:00').action).toEqual({ kind: 'pause', until: '06:00' });
    expect(findItem(view.menu, 'Open dashboard').action).toEqual({ kind: 'open-dashboard' });
    expect(findItem(view.menu, 'Preferences…').action).toEqual({ kind: 'preferences' });
  });

  it('lists at most the 5 newest finished runs, newest first', () => {
    const runs = [1, 2, 3, 4, 5, 6, 7].map((id) => runRecord(id, 'succeeded', { createdAt: NOW - (10 - id) * MIN, finishedAt: NOW - (10 - id) * MIN + 1_000 }));
    const labels = menuOutline(trayModel(stateWith({ runs }), NOW).menu).filter((line) => line.startsWith('#'));
    expect(labels.map((l) => l.split(' ')[0])).toEqual(['#7', '#6', '#5', '#4', '#3']);
  });

  it('shows running runs with the running icon, their count as the title, and Open and Cancel for each', () => {
    const state = stateWith({ runs: [runRecord(9, 'running', { createdAt: NOW - 4 * MIN, startedAt: NOW - 4 * MIN }), runRecord(10, 'queued', { createdAt: NOW - MIN })] });
    const view = trayModel(state, NOW);
    expect([view.icon, view.title, view.tooltip]).toEqual(['running', '1', 'Tickwork · 1 running']);
    expect(menuOutline(view.menu).slice(0, 8)).toEqual([
      'Running (2) (disabled)',
      '#9 metrics · 2025-03-10 · running 4m ▸',
      '  Open run #9',
      '  Cancel run #9',
      '#10 metrics · 2025-03-10 · queued ▸',
      '  Open run #10',
      '  Cancel run #10',
      '---',
    ]);
    expect(findItem(view.menu, 'Open run #9').action).toEqual({ kind: 'open-run', id: 9 });
    expect(findItem(view.menu, 'Cancel run #10').action).toEqual({ kind: 'cancel-run', id: 10 });
  });

  it('moves a run at its event, before any re-read: running → failed turns the icon to failed and empties the title', () => {
    const running = stateWith({ runs: [runRecord(9, 'running', { createdAt: NOW - 4 * MIN })] });
    const failed = reduceTray(running, { type: 'event', event: { seq: 50, at: NOW - 1_000, kind: 'run', runId: 9, taskRunId: null, attemptId: null, from: 'running', to: 'failed', data: null } });
    const view = trayModel(failed, NOW);
    expect([view.icon, view.title]).toEqual(['failed', '']);
    expect(view.tooltip).toBe('Tickwork · nothing running · 1 run failed since you looked');
    expect(menuOutline(view.menu)[1]).toBe('#9 metrics · 2025-03-10 · failed · just now');
    // A late echo of an earlier transition (heard while a snapshot was read) does not bring it back.
    const echoed = reduceTray(failed, { type: 'event', event: { seq: 49, at: NOW - 2_000, kind: 'run', runId: 9, taskRunId: null, attemptId: null, from: 'queued', to: 'running', data: null } });
    expect(echoed).toBe(failed);
  });

  it('shows failed until the user looks, and only for runs that failed after the last look', () => {
    const before = stateWith({ runs: [runRecord(3, 'failed', { createdAt: NOW - 90 * MIN, finishedAt: NOW - 80 * MIN })] }, NOW - 60 * MIN);
    expect(trayModel(before, NOW).icon).toBe('idle'); // it failed before the user last looked
    const after = stateWith({ runs: [runRecord(4, 'failed', { createdAt: NOW - 30 * MIN, finishedAt: NOW - 20 * MIN })] }, NOW - 60 * MIN);
    expect(after.failedSinceLook).toEqual([4]);
    expect(trayModel(after, NOW).icon).toBe('failed');
    const looked = reduceTray(after, { type: 'looked', at: NOW });
    expect(trayModel(looked, NOW).icon).toBe('idle');
    // A re-read of the same failed run does not bring the failure back.
    const reread = reduceTray(looked, { type: 'snapshot', snapshot: { runs: [runRecord(4, 'failed', { createdAt: NOW - 30 * MIN, finishedAt: NOW - 20 * MIN })], schedules: [], projects: [PROJECT] } });
    expect(trayModel(reread, NOW).icon).toBe('idle');
  });

  it('keeps a failure that scrolled out of the last runs, and outranks a running run with it', () => {
    const failedThenBusy = stateWith({ runs: [runRecord(4, 'failed', { createdAt: NOW - 30 * MIN, finishedAt: NOW - 20 * MIN })] }, NOW - 60 * MIN, [
      { type: 'snapshot', snapshot: { runs: [runRecord(20, 'running'), ...[10, 11, 12, 13, 14].map((id) => runRecord(id, 'succeeded', { createdAt: NOW - 10 * MIN, finishedAt: NOW - 5 * MIN }))], schedules: [], projects: [PROJECT] } },
    ]);
    const view = trayModel(failedThenBusy, NOW);
    expect(menuOutline(view.menu).some((line) => line.startsWith('#4 '))).toBe(false);
    expect([view.icon, view.title]).toEqual(['failed', '1']);
  });

  it('shows paused when every schedule is paused, with until when, the next fire after the pause, and Resume', () => {
    const until = nextSixAm(NOW);
    const state = stateWith({ schedules: [
      scheduleInfo('metrics', [local(10, 18), local(11, 18)], { pausedAt: NOW - MIN, until, reason: null }),
      scheduleInfo('prices', [local(10, 17), local(11, 17)], { pausedAt: NOW - MIN, until: null, reason: null }),
    ] });
    const view = trayModel(state, NOW);
    expect(view.icon).toBe('paused');
    expect(view.tooltip).toBe('Tickwork · nothing running · Schedules paused until tomorrow 06:00 · next: metrics in 26h 14m');
    const outline = menuOutline(view.menu);
    expect(outline).toContain('Next: metrics in 26h 14m (disabled)'); // today's 18:00 is skipped; prices stays paused until resumed
    expect(outline).toContain('Schedules paused until tomorrow 06:00 (disabled)');
    expect(findItem(view.menu, 'Resume schedules').action).toEqual({ kind: 'resume' });
  });

  it('keeps the idle icon when only some schedules are paused, and says which share', () => {
    const state = stateWith({ schedules: [scheduleInfo('metrics', [NOW + 30 * MIN]), scheduleInfo('prices', [NOW + 10 * MIN], { pausedAt: NOW - MIN, until: null, reason: null })] });
    const view = trayModel(state, NOW);
    expect(view.icon).toBe('idle');
    expect(menuOutline(view.menu)).toContain('1 of 2 schedules paused until resumed (disabled)');
    expect(menuOutline(view.menu)).toContain('Next: metrics in 30m (disabled)');
    expect(menuOutline(view.menu)).toContain('Resume schedules');
  });

  it('ranks running above paused', () => {
    const state = stateWith({ runs: [runRecord(5, 'running')], schedules: [scheduleInfo('metrics', [NOW + MIN], { pausedAt: NOW - MIN, until: null, reason: null })] });
    expect(trayModel(state, NOW).icon).toBe('running');
    expect(TRAY_ICONS).toEqual(['unreachable', 'failed', 'running', 'paused', 'idle']);
  });

  it('says there are no schedules and disables Pause when none is served; offers each project as a submenu when several are', () => {
    const state = stateWith({ projects: [PROJECT, { name: 'research', file: '/r/tickwork.yaml', pipelines: ['signals'], jobs: [] }] });
    const view = trayModel(state, NOW);
    const outline = menuOutline(view.menu);
    expect(outline).toContain('No schedules (disabled)');
    expect(outline).toContain('Pause schedules ▸ (disabled)');
    expect(outline).not.toContain('Resume schedules');
    expect(outline.slice(outline.indexOf('Run ▸'), outline.indexOf('Pause schedules ▸ (disabled)'))).toEqual([
      'Run ▸', "  Today's partition (disabled)", '  desk ▸', '    Jobs (disabled)', '    eod', '    Pipelines (disabled)', '    prices', '    metrics',
      '  research ▸', '    Pipelines (disabled)', '    signals', '  ---', '  Choose date and partition…',
    ]);
    expect(findItem(view.menu, 'signals').action).toEqual({ kind: 'run-target', project: '/r/tickwork.yaml', target: 'signals' });
  });

  it('offers "Until 06:00" (this morning) before 06:00', () => {
    const early = local(11, 1, 30);
    expect(menuOutline(trayModel(stateWith({ schedules: [scheduleInfo('metrics', [early + MIN])] }), early).menu)).toContain('  Until 06:00');
  });
});

describe('the tray texts', () => {
  it('says ages in minutes, hours and days, rounded down', () => {
    expect([spokenAge(NOW - 59_999, NOW), spokenAge(NOW - 3 * MIN - 59_000, NOW), spokenAge(NOW - 60 * MIN, NOW), spokenAge(NOW - 134 * MIN, NOW), spokenAge(NOW - 50 * 60 * MIN, NOW), spokenAge(NOW + 5_000, NOW)])
      .toEqual(['just now', '3m ago', '1h ago', '2h 14m ago', '2d 2h ago', 'just now']);
  });

  it('says countdowns rounded up, so a fire never reads "in 0m"', () => {
    expect([spokenCountdown(NOW + 59_999, NOW), spokenCountdown(NOW + 60_001, NOW), spokenCountdown(NOW + 2 * 60 * MIN + 13 * MIN + 1, NOW), spokenCountdown(NOW + 24 * 60 * MIN, NOW), spokenCountdown(NOW - MIN, NOW)])
      .toEqual(['in under a minute', 'in 2m', 'in 2h 14m', 'in 24h', 'in under a minute']);
  });

  it('pauses for an hour, until the next 06:00 local (this morning before 06:00), or until resumed', () => {
    expect(pauseDeadline('1h', NOW)).toBe(NOW + 60 * MIN);
    expect(pauseDeadline('06:00', NOW)).toBe(local(11, 6));
    expect(pauseDeadline('06:00', local(11, 5, 59))).toBe(local(11, 6));
    expect(pauseDeadline('06:00', local(11, 6))).toBe(local(12, 6));
    expect(pauseDeadline('resume-manually', NOW)).toBeNull();
  });

  it('names a clock time today, tomorrow, or with its date', () => {
    expect([spokenClock(local(10, 18, 5), NOW), spokenClock(local(11, 6), NOW), spokenClock(local(14, 6), NOW)]).toEqual(['18:05', 'tomorrow 06:00', '2025-03-14 06:00']);
  });

});
