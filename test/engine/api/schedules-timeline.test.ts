import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';
import { openStore } from '../../../electron/engine/store/open-store.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const HOUR = 3_600_000;

const PROJECT = `
name: sched
timezone: America/New_York
pipelines:
  tick: {command: ["true"], schedule: {cron: "* * * * * *", catchup: latest}}
  daily: {command: ["true"], schedule: {cron: "0 19 * * 1-5", calendar: NYSE}}
`;

/** The runs the `tick` schedule created, by slot (from the idempotency key). */
async function tickSlots(daemon: TestDaemon): Promise<number[]> {
  const runs = await apiOk(daemon, 'runs.list', { pipeline: 'tick', limit: 500 });
  return runs.map((r) => Date.parse(r.idempotencyKey!.split('@')[1]!)).sort((a, b) => a - b);
}

describe('schedules over HTTP', () => {
  it('lists every schedule with its next fires; a paused one records its slots as skipped and never catches them up on resume; until resumes by itself', async () => {
    const w = tempWorld();
    const file = w.writeProject(PROJECT);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);

    const list = await apiOk(daemon, 'schedules.list', { next: 3 });
    expect(list.map((s) => [s.name, s.kind, s.cron, s.timezone, s.calendar, s.paused])).toEqual([
      ['tick', 'pipeline', '* * * * * *', 'America/New_York', null, null],
      ['daily', 'pipeline', '0 19 * * 1-5', 'America/New_York', 'NYSE', null],
    ]);
    const daily = list[1]!;
    expect(daily.nextFires).toHaveLength(3);
    expect(daily.nextFires.every((t) => new Date(t).getUTCMinutes() === 0)).toBe(true);
    const key = `${file}#pipeline:tick`;
    expect(list[0]!.key).toBe(key);

    await waitForAsync(async () => (await tickSlots(daemon)).length >= 1, 'the every-second schedule to fire');
    const paused = await apiOk(daemon, 'schedules.pause', { key, reason: 'maintenance' });
    expect(paused.changed).toBe(true);
    expect(paused.paused).toMatchObject({ until: null, reason: 'maintenance' });
    const pausedAt = paused.paused!.pausedAt;
    const before = await tickSlots(daemon);
    const skipped = await waitForAsync(async () => {
      const { slots } = await apiOk(daemon, 'timeline.periods', { from: pausedAt - 60_000, to: Date.now() + 60_000 });
      const mine = slots.filter((s) => s.key === key && s.outcome === 'paused');
      return mine.length >= 3 ? mine : null;
    }, 'three slots recorded as skipped while paused');
    expect(await tickSlots(daemon)).toEqual(before);
    expect((await apiOk(daemon, 'schedules.list', {}))[0]!.paused).toMatchObject({ pausedAt, until: null });

    const resumed = await apiOk(daemon, 'schedules.resume', { key });
    expect(resumed).toEqual({ changed: true, paused: null, catchUp: [] });
    expect((await apiOk(daemon, 'schedules.resume', { key })).changed).toBe(false);
    const after = await waitForAsync(async () => {
      const slots = await tickSlots(daemon);
      return slots.length > before.length ? slots : null;
    }, 'the schedule to fire again');
    // No skipped slot got a run: the first run after the resume is for a slot after the last one skipped.
    const skippedTimes = new Set(skipped.map((s) => s.slot));
    expect(after.filter((slot) => skippedTimes.has(slot))).toEqual([]);
    expect(after.at(-1)!).toBeGreaterThan(skipped.at(-1)!.slot);

    // A pause with until ends by itself.
    const until = Date.now() + 1500;
    expect((await apiOk(daemon, 'schedules.pause', { key, until })).paused).toMatchObject({ until });
    expect((await apiOk(daemon, 'schedules.list', {}))[0]!.paused).not.toBeNull();
    await waitForAsync(async () => (await apiOk(daemon, 'schedules.list', {}))[0]!.paused === null && Date.now() >= until, 'the pause to end at until');
    const count = (await tickSlots(daemon)).length;
    await waitForAsync(async () => (await tickSlots(daemon)).length > count, 'the schedule to fire after until');

    // Errors name what is wrong.
    const unknown = await apiCall(daemon, 'schedules.pause', { key: 'nope' });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'no such schedule: nope']);
    expect((await apiCall(daemon, 'schedules.resume', { key: 'nope' })).status).toBe(404);
    expect((await apiCall(daemon, 'schedules.pause', {})).status).toBe(400);
    const past = await apiCall(daemon, 'schedules.pause', { key, until: Date.now() - 1000 });
    expect([past.status, past.body.error]).toEqual([400, 'until must be in the future (UTC ms)']);
    expect((await apiCall(daemon, 'schedules.resume', { key, catchUp: 'yes' })).status).toBe(400);
    expect((await apiCall(daemon, 'schedules.list', { next: 1000 })).status).toBe(400);
  }, 60_000);
});

describe('timeline periods over HTTP', () => {
  it('records the gap since the previous daemon’s last heartbeat, and the sleep the shell reports with power.event', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const start = Date.now();
    const db = openStore(path.join(w.home, 'tickwork.db'));
    db.prepare("INSERT INTO heartbeats (name, pid, at) VALUES ('scheduler', 1, ?)").run(start - 2 * HOUR); // the previous daemon's last beat
    db.close();
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const first = await apiOk(daemon, 'timeline.periods', { from: start - 3 * HOUR, to: Date.now() + HOUR });
    expect(first.periods).toHaveLength(1);
    expect(first.periods[0]).toMatchObject({ kind: 'daemon_down', startedAt: start - 2 * HOUR, source: 'daemon_start' });
    expect(first.periods[0]!.endedAt).toBeGreaterThanOrEqual(start);

    const suspendAt = Date.now() - 40 * 60_000;
    const resumeAt = Date.now() - 60_000;
    expect(await apiOk(daemon, 'power.event', { kind: 'suspend', at: suspendAt })).toEqual({ recorded: null });
    expect(await apiOk(daemon, 'power.event', { kind: 'resume', at: resumeAt })).toEqual({ recorded: { kind: 'sleep', startedAt: suspendAt, endedAt: resumeAt, source: 'power_event' } });
    const { periods } = await apiOk(daemon, 'timeline.periods', { from: start - 3 * HOUR, to: Date.now() + HOUR });
    expect(periods.map((p) => p.kind)).toEqual(['daemon_down', 'sleep']);
    // A window that ends before the sleep leaves it out.
    expect((await apiOk(daemon, 'timeline.periods', { from: start - 3 * HOUR, to: suspendAt - 1 })).periods.map((p) => p.kind)).toEqual(['daemon_down']);

    const bad = await apiCall(daemon, 'power.event', { kind: 'hibernate' });
    expect([bad.status, bad.body.error]).toEqual([400, 'kind must be suspend, resume or clock_change, not hibernate']);
    expect((await apiCall(daemon, 'timeline.periods', { from: 10, to: 5 })).status).toBe(400);
    expect((await apiCall(daemon, 'timeline.periods', { from: 'x', to: 5 })).status).toBe(400);
  }, 30_000);
});
