import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const daemons: ChildProcess[] = [];
let server: http.Server | undefined;
afterEach(async () => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

interface Post {
  readonly change: string;
  readonly id: number;
  readonly at: number;
}

async function receiver(): Promise<{ url: string; posts: Post[] }> {
  const posts: Post[] = [];
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text) as { tickwork: { change: string; alert: { id: number } } };
      posts.push({ change: body.tickwork.change, id: body.tickwork.alert.id, at: Date.now() });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, posts };
}

const pipelines = `
pipelines:
  metrics: {command: "test -f ok"}
`;

describe('tickwork alerts ack and snooze', () => {
  it('acknowledges and snoozes on the store without a daemon; unknown ids and bad durations are exit 2', async () => {
    const w = tempWorld();
    w.writeProject(`name: acks\nalerts: {desktop: false}${pipelines}`);
    const p = ['--project', w.project, '--date', '2026-11-20'];
    expect((await tickwork(w.home, ['run', 'metrics', '--wait', ...p])).code).toBe(1);
    expect((await tickwork(w.home, ['alerts'])).stdout).toMatch(/^1 +ERROR +run_failed +metrics failed/m);

    expect(await tickwork(w.home, ['alerts', 'ack', '1'])).toMatchObject({ code: 0, stdout: 'alert 1 acknowledged: metrics failed (it notifies no more)\n' });
    expect((await tickwork(w.home, ['alerts'])).stdout).toMatch(/^1 +ERROR \(acked\) +run_failed/m);
    const again = await tickwork(w.home, ['alerts', 'ack', '1']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^alert 1 is already acknowledged \(at .+\): metrics failed\n$/);

    const before = Date.now();
    const snoozed = await tickwork(w.home, ['alerts', 'snooze', '1', '--for', '1h30m', '--json']);
    expect(snoozed.code).toBe(0);
    const answer = JSON.parse(snoozed.stdout) as { changed: boolean; alert: { snoozedUntil: string; acknowledgedAt: string | null } };
    expect(answer.changed).toBe(true);
    expect(answer.alert.acknowledgedAt).toBeNull();
    expect(Date.parse(answer.alert.snoozedUntil) - before).toBeGreaterThanOrEqual(90 * 60_000);
    expect(Date.parse(answer.alert.snoozedUntil) - Date.now()).toBeLessThanOrEqual(90 * 60_000);
    expect((await tickwork(w.home, ['alerts'])).stdout).toMatch(/^1 +ERROR \(snoozed until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) +run_failed/m);

    for (const [args, message] of [
      [['alerts', 'ack', '99'], 'tickwork alerts ack: no alert 99 (tickwork alerts --all lists them)'],
      [['alerts', 'snooze', '99', '--for', '1h'], 'tickwork alerts snooze: no alert 99'],
      [['alerts', 'snooze', '1', '--for', 'soon'], 'tickwork alerts snooze: --for soon: expected a duration such as 30m, 1h or 2d'],
      [['alerts', 'snooze', '1'], 'tickwork alerts snooze: say for how long, e.g. --for 1h'],
      [['alerts', 'ack'], 'tickwork alerts ack: expected one alert id, e.g. tickwork alerts ack 12'],
    ] as const) {
      const out = await tickwork(w.home, args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toContain(message);
    }

    fs.writeFileSync(w.file('ok'), '');
    expect((await tickwork(w.home, ['run', 'metrics', '--wait', ...p])).code).toBe(0);
    await tickwork(w.home, ['alerts']); // evaluates: the success resolves the alert
    const resolved = await tickwork(w.home, ['alerts', 'ack', '1']);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(/^alert 1 is already resolved \(metrics succeeded in run 2 at .+\); nothing to acknowledge: metrics failed\n$/);
  });

  it('goes through the daemon, whose notifications wait for the snooze to end, a recurrence during it included', async () => {
    const hook = await receiver();
    const w = tempWorld();
    w.writeProject(`name: snoozy\nalerts: {desktop: false, webhook: "${hook.url}"}${pipelines}`);
    const daemon = await startDaemon(w.home, w.project);
    daemons.push(daemon.child);
    const p = ['--project', w.project, '--date', '2026-11-20'];
    expect((await tickwork(w.home, ['run', 'metrics', '--wait', ...p])).code).toBe(1);
    await waitFor(() => hook.posts.length === 1, 'the alert to reach the webhook');
    expect(hook.posts[0]).toMatchObject({ change: 'opened', id: 1 });

    const snoozed = await tickwork(w.home, ['alerts', 'snooze', '1', '--for', '8s', '--json']);
    expect(snoozed.code).toBe(0);
    const until = Date.parse((JSON.parse(snoozed.stdout) as { alert: { snoozedUntil: string } }).alert.snoozedUntil);

    fs.writeFileSync(w.file('ok'), '');
    expect((await tickwork(w.home, ['run', 'metrics', '--wait', ...p])).code).toBe(0);
    await waitFor(() => hook.posts.length === 2, 'the resolution to reach the webhook');
    fs.rmSync(w.file('ok'));
    expect((await tickwork(w.home, ['run', 'metrics', '--wait', ...p])).code).toBe(1);
    expect(Date.now()).toBeLessThan(until); // the recurrence came during the snooze
    await waitFor(() => hook.posts.length === 3, 'the reminder once the snooze ends', 20_000);
    expect(hook.posts.map(({ change, id }) => ({ change, id }))).toEqual([
      { change: 'opened', id: 1 },
      { change: 'resolved', id: 1 },
      { change: 'reminder', id: 2 },
    ]);
    expect(hook.posts[2]!.at).toBeGreaterThanOrEqual(until);

    expect(await tickwork(w.home, ['alerts', 'ack', '2'])).toMatchObject({ code: 0, stdout: 'alert 2 acknowledged: metrics failed (it notifies no more)\n' });
    const listed = JSON.parse((await tickwork(w.home, ['alerts', '--json'])).stdout) as Array<{ id: number; acknowledgedAt: string | null }>;
    expect(listed.find((a) => a.id === 2)!.acknowledgedAt).not.toBeNull();
    const unknown = await tickwork(w.home, ['alerts', 'ack', '99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no alert 99');

    // The API the dashboard will use: the same auth as every method, and its errors as statuses.
    const api = (method: string, body: unknown, headers: Record<string, string> = daemon.auth) =>
      fetch(`http://127.0.0.1:${daemon.port}/api/${method}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await api('alerts.ack', { id: 2 }, {})).status).toBe(401);
    expect((await api('alerts.snooze', { id: 2, forMs: 60_000 }, { ...daemon.auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('alerts.snooze', { id: 2, forMs: -5 })).status).toBe(400);
    expect((await api('alerts.snooze', { id: 99, forMs: 60_000 })).status).toBe(404);
    const viaApi = (await (await api('alerts.snooze', { id: 2, forMs: 60_000 })).json()) as { changed: boolean; alert: { snoozedUntil: number; acknowledgedAt: number | null } };
    expect(viaApi).toMatchObject({ changed: true, alert: { acknowledgedAt: null } });
    expect(await (await api('alerts.ack', { id: 1 })).json()).toMatchObject({ changed: false, why: 'resolved', alert: { id: 1, state: 'resolved' } });
  });
});
