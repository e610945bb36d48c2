import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { loadProject } from '../../../electron/engine/config/index.js';
import { MAX_TIMER_MS, Scheduler } from '../../../electron/engine/schedule/scheduler.js';
import { dueSlots } from '../../../electron/engine/schedule/due-slots.js';
import { listRuns } from '../../../electron/engine/store/run-store.js';
import type { CatchupPolicy, ProjectConfig } from '../../../shared/config-model.js';

const dbs: Db[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function setup(catchup: CatchupPolicy = 'latest', calendar = '') {
  const w = tempWorld();
  w.writeProject(`
name: sched
timezone: America/New_York
pipelines:
  data:
    command: ["true"]
    schedule: {cron: "0 19 * * *", catchup: ${catchup}${calendar ? `, calendar: ${calendar}` : ''}}
`);
  const loaded = loadProject(w.project);
  if (!loaded.ok) throw new Error('invalid test project');
  const db = openStore(path.join(w.home, 'tw.db'));
  dbs.push(db);
  return { w, db, project: loaded.project as ProjectConfig };
}

const NY_19H = (date: string, offset = '-05:00') => Date.parse(`${date}T19:00:00${offset}`);

function scheduler(db: Db, clock: FakeClock, project: ProjectConfig): Scheduler {
  const s = new Scheduler({ db, clock, monotonic: () => clock.mono, heartbeatMs: 1000 });
  s.setProjects([project]);
  return s;
}

const runsOf = (db: Db) => listRuns(db, { limit: 100 }).reverse().map((r) => [r.partition.date, r.trigger, r.idempotencyKey?.split('@')[1]]);

describe('scheduler', () => {
  it('fires a slot when its time comes, once, with the slot’s date as partition', () => {
    const { db, project } = setup();
    const clock = new FakeClock(NY_19H('2025-12-01') - 30_000);
    const s = scheduler(db, clock, project);
    expect(runsOf(db)).toEqual([]);
    clock.advance(30_000);
    clock.advance(60_000);
    expect(runsOf(db)).toEqual([['2025-12-01', 'schedule', '2025-12-02T00:00:00.000Z']]);
    s.stop();
  });

  it.each<[CatchupPolicy, string[]]>([
    ['latest', ['2025-12-01', '2025-12-04']],
    ['all', ['2025-12-01', '2025-12-02', '2025-12-03', '2025-12-04']],
    ['none', ['2025-12-01']],
  ])('after a 3-day sleep, catch-up %s fires the right missed slots', (policy, dates) => {
    const { db, project } = setup(policy);
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const s = scheduler(db, clock, project);
    clock.advance(2000); // Monday's slot fires on time
    clock.jump(3 * 86_400_000 + 2 * 3600_000); // the lid closes for 3 days: wall time moves, monotonic time does not
    clock.advance(1000); // the heartbeat after the wake notices the jump
    expect(runsOf(db).map(([date]) => date)).toEqual(dates);
    s.stop();
  });

  it('never fires a slot twice when the clock goes backwards', () => {
    const { db, project } = setup();
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const s = scheduler(db, clock, project);
    clock.advance(2000);
    clock.jump(-6 * 3600_000); // clock set back six hours, before Monday's slot
    clock.advance(7 * 3600_000); // Monday 19:00 comes round again, then passes
    expect(runsOf(db).map(([date]) => date)).toEqual(['2025-12-01']);
    clock.advance(24 * 3600_000);
    expect(runsOf(db).map(([date]) => date)).toEqual(['2025-12-01', '2025-12-02']);
    s.stop();
  });

  it('creates one run for a slot even when two schedulers on two connections tick it together', () => {
    const { w, db, project } = setup();
    const other = openStore(path.join(w.home, 'tw.db'));
    dbs.push(other);
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const a = scheduler(db, clock, project);
    const b = new Scheduler({ db: other, clock, monotonic: () => clock.mono });
    b.setProjects([project]);
    clock.jump(2000);
    const fromA = a.tick();
    const fromB = b.tick();
    expect(fromA.map((f) => f.created)).toEqual([true]);
    expect(fromB).toEqual([]);
    expect(runsOf(db)).toHaveLength(1);
    a.stop();
    b.stop();
  });

  it('skips NYSE holidays and weekends for a schedule with calendar: NYSE', () => {
    const { db, project } = setup('all', 'NYSE');
    const clock = new FakeClock(NY_19H('2025-12-23') - 1000);
    const s = scheduler(db, clock, project);
    clock.advance(7 * 86_400_000);
    expect(runsOf(db).map(([date]) => date)).toEqual(['2025-12-23', '2025-12-24', '2025-12-26', '2025-12-29']);
    s.stop();
  });

  it('reaches a slot months away in bounded timer hops (Node turns delays over 24.8 days into 1 ms) and fires it once', () => {
    const w = tempWorld();
    w.writeProject(`
name: yearly
timezone: UTC
pipelines:
  report: {command: ["true"], schedule: "0 6 1 1 *"}
`);
    const loaded = loadProject(w.project);
    if (!loaded.ok) throw new Error('invalid test project');
    const db = openStore(path.join(w.home, 'tw.db'));
    dbs.push(db);
    const delays: number[] = [];
    const clock = new (class extends FakeClock {
      override setTimeout(fn: () => void, ms: number) {
        delays.push(ms);
        return super.setTimeout(fn, ms);
      }
    })(Date.parse('2026-03-01T00:00:00Z'));
    const s = new Scheduler({ db, clock, monotonic: () => clock.mono, heartbeatMs: MAX_TIMER_MS });
    s.setProjects([loaded.project]);
    clock.advance(Date.parse('2027-01-01T06:00:01Z') - clock.now());
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(delays.length).toBeLessThan(3_000); // hops and heartbeats, not a spin
    expect(runsOf(db)).toEqual([['2027-01-01', 'schedule', '2027-01-01T06:00:00.000Z']]);
    s.stop();
  });

  it('fires every due slot under catchup: latest when none was missed (a tick a second late never merges two), the newest one after a sleep', () => {
    const everySecond = { cron: '* * * * * *', timezone: 'UTC', calendar: null, catchup: 'latest' as const, catchupWindowMs: 7 * 86_400_000 };
    const t = Date.parse('2026-11-23T08:43:06.000Z');
    expect(dueSlots(everySecond, t, t + 2_003)).toEqual({ fire: [t + 1_000, t + 2_000], skipped: 0, passedOver: [], late: [], handledUpTo: t + 2_000 });
    // After a sleep, the missed slots (older than the grace) collapse into the newest, on-time ones included.
    expect(dueSlots(everySecond, t, t + 3_600_000 + 500).fire).toEqual([t + 3_600_000]);
    const hourly = { ...everySecond, cron: '0 * * * *' };
    const h = Date.parse('2026-11-23T08:00:00.000Z');
    expect(dueSlots(hourly, h, h + 3 * 3_600_000 + 600_000)).toEqual({ fire: [h + 3 * 3_600_000], skipped: 2, passedOver: [h + 3_600_000, h + 2 * 3_600_000], late: [h + 3 * 3_600_000], handledUpTo: h + 3 * 3_600_000 });
  });

  it('never skips a slot when a timer fires a millisecond early and the clock moves on during the tick', () => {
    const w = tempWorld();
    w.writeProject(`
name: seconds
timezone: UTC
pipelines:
  tick: {command: ["true"], schedule: "* * * * * *"}
`);
    const loaded = loadProject(w.project);
    if (!loaded.ok) throw new Error('invalid test project');
    const db = openStore(path.join(w.home, 'tw.db'));
    dbs.push(db);
    // Like Node on a busy machine: the timer fires at 38.999 by the wall clock, and by the time
    // the tick has judged what is due and re-arms, the clock reads 39.000.
    const slot = Date.parse('2026-11-23T09:41:39.000Z');
    const reads: number[] = [];
    const clock = new (class extends FakeClock {
      override now(): number {
        return reads.shift() ?? super.now();
      }
    })(slot - 999);
    const s = new Scheduler({ db, clock, monotonic: () => clock.mono, heartbeatMs: MAX_TIMER_MS });
    s.setProjects([loaded.project]);
    clock.advance(997); // wall 38.998: the timer armed for 39.000 is still pending
    reads.push(slot - 1, slot); // the tick reads 38.999, the re-arm 39.000
    s.tick();
    clock.advance(2_000);
    s.stop();
    // Each slot's run is created at its slot, not a second later by the next slot's tick.
    const lateness = listRuns(db, { limit: 10 }).reverse().map((r) => [r.idempotencyKey?.split('@')[1], r.createdAt - Date.parse(r.idempotencyKey!.split('@')[1]!)]);
    expect(lateness).toEqual([['2026-11-23T09:41:39.000Z', 0], ['2026-11-23T09:41:40.000Z', 0]]);
  });
});

