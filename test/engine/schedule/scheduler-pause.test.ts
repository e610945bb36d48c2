import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { loadProject } from '../../../electron/engine/config/index.js';
import { Scheduler } from '../../../electron/engine/schedule/scheduler.js';
import { listRuns } from '../../../electron/engine/store/run-store.js';
import { slotsBetween } from '../../../electron/engine/store/slot-store.js';
import { pauseOf } from '../../../electron/engine/store/schedule-pause-store.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';
import type { CatchupPolicy, ProjectConfig } from '../../../shared/config-model.js';

const dbs: Db[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NY_19H = (date: string) => Date.parse(`${date}T19:00:00-05:00`);

function setup(catchup: CatchupPolicy = 'latest') {
  const w = tempWorld();
  w.writeProject(`
name: paused
timezone: America/New_York
pipelines:
  data:
    command: ["true"]
    schedule: {cron: "0 19 * * *", catchup: ${catchup}}
`);
  const loaded = loadProject(w.project);
  if (!loaded.ok) throw new Error('invalid test project');
  const db = openStore(path.join(w.home, 'tw.db'));
  dbs.push(db);
  const project = loaded.project as ProjectConfig;
  const clock = new FakeClock(NY_19H('2025-12-01') - HOUR); // Monday 18:00
  // A long heartbeat keeps days of fake time cheap; a jump is still seen at the next beat.
  const s = new Scheduler({ db, clock, monotonic: () => clock.mono, heartbeatMs: HOUR });
  s.setProjects([project]);
  const key = `${project.file}#pipeline:data`;
  return { db, clock, s, key };
}

const dates = (db: Db) => listRuns(db, { limit: 100 }).reverse().map((r) => r.partition.date);
const slots = (db: Db) => slotsBetween(db, 0, Number.MAX_SAFE_INTEGER).map((r) => [new Date(r.slot).toISOString().slice(0, 10), r.outcome, r.runId]);

describe('a paused schedule', () => {
  it('records each slot due while paused as skipped, never fires it, and on resume catches nothing up', () => {
    const { db, clock, s, key } = setup();
    expect(s.pause(key, null).changed).toBe(true);
    expect(s.pause(key, null).changed).toBe(false);
    clock.advance(2 * DAY + 2 * HOUR); // Monday, Tuesday and Wednesday 19:00 pass
    expect(dates(db)).toEqual([]);
    expect(slots(db)).toEqual([['2025-12-02', 'paused', null], ['2025-12-03', 'paused', null], ['2025-12-04', 'paused', null]]);
    const answer = s.resume(key, false);
    expect(answer).toEqual({ changed: true, paused: null, catchUp: [] });
    expect(dates(db)).toEqual([]);
    clock.advance(DAY); // Thursday's slot fires as usual
    expect(dates(db)).toEqual(['2025-12-04']);
    expect(listEvents(db).filter((e) => e.kind === 'schedule').map((e) => e.data?.change)).toEqual(['paused', 'resumed']);
    s.stop();
  });

  it('with until resumes by itself at that instant (its event then), and the slots after it fire', () => {
    const { db, clock, s, key } = setup();
    const until = NY_19H('2025-12-03') - 7 * HOUR; // Wednesday 12:00
    s.pause(key, until);
    clock.advance(until - clock.now() - 1);
    expect(pauseOf(db, key)).not.toBeNull();
    clock.advance(1);
    expect(pauseOf(db, key)).toBeNull();
    expect(listEvents(db).filter((e) => e.kind === 'schedule').at(-1)!.data).toMatchObject({ key, change: 'resumed', by: 'until' });
    clock.advance(8 * HOUR);
    expect(dates(db)).toEqual(['2025-12-03']);
    expect(slots(db)).toEqual([['2025-12-02', 'paused', null], ['2025-12-03', 'paused', null]]);
    s.stop();
  });

  it.each<[CatchupPolicy, string[]]>([
    ['latest', ['2025-12-02']],
    ['all', ['2025-12-01', '2025-12-02']],
  ])('resumed with catchUp under catchup %s, fires the slots the policy picks from the pause, linked to their runs', (policy, fired) => {
    const { db, clock, s, key } = setup(policy);
    s.pause(key, null);
    clock.advance(DAY + 2 * HOUR); // Monday and Tuesday pass
    const answer = s.resume(key, true);
    expect(answer.catchUp).toHaveLength(fired.length);
    expect(dates(db)).toEqual(fired);
    const runs = listRuns(db, { limit: 10 }).reverse();
    const caught = slots(db).filter(([, outcome]) => outcome === 'caught_up');
    expect(caught.map(([, , runId]) => runId)).toEqual(runs.map((r) => r.id));
    s.stop();
  });
});

describe('what the timeline is told', () => {
  it('a sleep the heartbeat notices is recorded, with the slot caught up and those the policy passed over', () => {
    const { db, clock, s } = setup('latest');
    clock.advance(HOUR + 1000); // Monday's slot fires on time
    const lastBeat = NY_19H('2025-12-01'); // hourly beats from 18:00: the last one before the sleep
    clock.jump(3 * DAY + 2 * HOUR); // the lid closes for three days
    clock.advance(HOUR); // the next heartbeat sees the jump
    expect(dates(db)).toEqual(['2025-12-01', '2025-12-04']);
    const runId = listRuns(db, { limit: 1 })[0]!.id;
    expect(slots(db)).toEqual([['2025-12-03', 'skipped_by_policy', null], ['2025-12-04', 'skipped_by_policy', null], ['2025-12-05', 'caught_up', runId]]);
    const sleeps = listEvents(db).filter((e) => e.kind === 'clock').map((e) => e.data);
    expect(sleeps).toEqual([{ kind: 'sleep', startedAt: lastBeat, endedAt: lastBeat + HOUR + 3 * DAY + 2 * HOUR, source: 'heartbeat' }]);
    s.stop();
  });

  it('power events record the sleep with the shell’s bounds, merged with what the heartbeat sees of the same sleep', () => {
    const { db, clock, s } = setup();
    clock.advance(10 * 60_000);
    const suspend = clock.now();
    s.powerEvent('suspend', suspend);
    clock.jump(5 * HOUR);
    const resume = clock.now();
    clock.advance(HOUR); // the heartbeat sees the jump first and records its estimate of the sleep
    expect(db.prepare('SELECT source FROM clock_periods').pluck().all()).toEqual(['heartbeat']);
    expect(s.powerEvent('resume', resume)).toEqual({ kind: 'sleep', startedAt: suspend, endedAt: resume, source: 'power_event' });
    clock.advance(2 * HOUR);
    expect(s.powerEvent('clock_change', clock.now())).toMatchObject({ kind: 'clock_change', source: 'power_event' });
    const periods = db.prepare('SELECT kind, started_at AS startedAt, ended_at AS endedAt, source FROM clock_periods ORDER BY id').all();
    expect(periods).toEqual([
      { kind: 'sleep', startedAt: suspend, endedAt: resume, source: 'power_event' },
      { kind: 'clock_change', startedAt: clock.now(), endedAt: clock.now(), source: 'power_event' },
    ]);
    s.stop();
  });

  it('a start after the previous daemon’s last heartbeat records the gap as daemon_down', () => {
    const w = tempWorld();
    w.writeProject('name: idle\npipelines:\n  a: {command: ["true"], schedule: "0 6 * * *"}\n');
    const loaded = loadProject(w.project);
    if (!loaded.ok) throw new Error('invalid test project');
    const db = openStore(path.join(w.home, 'tw.db'));
    dbs.push(db);
    const start = Date.parse('2025-12-01T12:00:00Z');
    db.prepare("INSERT INTO heartbeats (name, pid, at) VALUES ('scheduler', 1, ?)").run(start - 2 * HOUR);
    const clock = new FakeClock(start);
    const s = new Scheduler({ db, clock, monotonic: () => clock.mono, heartbeatMs: HOUR });
    s.setProjects([loaded.project]);
    expect(db.prepare('SELECT kind, started_at AS startedAt, ended_at AS endedAt, source FROM clock_periods').all()).toEqual([
      { kind: 'daemon_down', startedAt: start - 2 * HOUR, endedAt: start, source: 'daemon_start' },
    ]);
    s.stop();
  });
});
