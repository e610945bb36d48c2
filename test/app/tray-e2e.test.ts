/**
 * The tray end to end, without Electron: the daemon started the way the
 * shell's utility process starts it (the same entry and arguments, under
 * plain node), its dashboard served, and a TrayFeed on a DaemonLink-shaped
 * adapter over the daemon's real HTTP API and SSE stream driving trayModel.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { callDaemon } from '../../electron/cli/daemon-client.js';
import { startTrayFeed, type TrayFeed } from '../../electron/app/tray-feed.js';
import { trayModel, type TrayView } from '../../electron/app/tray-model.js';
import { performTrayAction } from '../../electron/app/tray-actions.js';
import { httpLink, startShellDaemon } from './tray-daemon.js';

const ROOT = path.resolve(__dirname, '..', '..');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves at the first feed change whose view passes `test`, with when it happened (now, if the current view does). */
function viewWhen(feed: TrayFeed, test: (view: TrayView) => boolean, what: string, timeoutMs = 15_000): Promise<{ view: TrayView; at: number }> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const view = trayModel(feed.state(), Date.now());
      if (!test(view)) return false;
      off();
      clearTimeout(timer);
      resolve({ view, at: Date.now() });
      return true;
    };
    const off = feed.onChange(() => void check());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs}ms waiting for the tray to show ${what}; it shows ${JSON.stringify(trayModel(feed.state(), Date.now()))}`));
    }, timeoutMs);
    check();
  });
}

function get(port: number, urlPath: string, headers: Record<string, string>): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    }).on('error', reject);
  });
}

describe('the tray on a live daemon', () => {
  it('serves the dashboard, and shows a tray-triggered run running (title 1) then failed within 1 s of the run failing', async () => {
    const w = tempWorld();
    w.writeProject(`
name: traydesk
pipelines:
  flaky:
    command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.02; done; echo boom >&2; exit 1"]
    schedule: {cron: "0 19 * * 1-5"}
`);
    const { api } = await startShellDaemon(w.home, w.project, cleanups);

    const page = await get(api.port, '/', { authorization: `Bearer ${api.token}` });
    expect([page.status, page.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toBe(fs.readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8'));

    const link = httpLink(api);
    cleanups.push(() => link.close());
    const feed = startTrayFeed({ source: link });
    cleanups.push(() => feed.stop());
    const idle = await viewWhen(feed, (v) => v.icon === 'idle' && v.menu.some((item) => item.label === 'Run'), 'the first snapshot');
    expect(idle.view.title).toBe('');
    expect(idle.view.tooltip).toMatch(/^Tickwork · nothing running · next: flaky in /);

    let failedEventAt = 0;
    link.onEvent((event) => {
      if (event.kind === 'run' && event.to === 'failed') failedEventAt = Date.now();
    });
    const project = feed.state().projects[0]!.file;
    await performTrayAction({ kind: 'run-target', project, target: 'flaky' }, { daemon: link, windows: { show() {} }, state: feed.state, now: Date.now, quit() {}, log: (line) => { throw new Error(line); } });
    const running = await viewWhen(feed, (v) => v.icon === 'running', 'the run running');
    expect(running.view.title).toBe('1');
    const [run] = feed.state().active;
    expect(run).toMatchObject({ state: 'running', targets: ['flaky'] });
    expect((await callDaemon(api, 'runs.get', { id: run!.id })).run.trigger).toBe('tray');
    const startedAt = run!.startedAt!;

    fs.writeFileSync(w.file('go'), '');
    const failed = await viewWhen(feed, (v) => v.icon === 'failed', 'the run failed');
    const { finishedAt, state } = (await callDaemon(api, 'runs.get', { id: run!.id })).run;
    expect(state).toBe('failed');
    const sinceFinish = failed.at - finishedAt!;
    const sinceEvent = failed.at - failedEventAt;
    console.log(`tray: running shown ${running.at - startedAt} ms after the run started; failed shown ${sinceFinish} ms after the run finished (${sinceEvent} ms after its event arrived)`);
    expect(failedEventAt).toBeGreaterThan(0);
    expect(sinceFinish).toBeLessThanOrEqual(1000);
    expect(failed.view.title).toBe('');
    expect(failed.view.menu.map((item) => item.label)).toContain(`#${run!.id} flaky · ${run!.partition} · failed · just now`);

    // The re-read after the event agrees, and looking at the menu clears the failure.
    await feed.settled();
    expect(trayModel(feed.state(), Date.now()).icon).toBe('failed');
    feed.looked();
    expect(trayModel(feed.state(), Date.now()).icon).toBe('idle');
  });

  it('pauses every schedule for an hour or until resumed, resumes them, and cancels a run, each click seen back on the tray', async () => {
    const w = tempWorld();
    w.writeProject(`
name: traydesk
pipelines:
  prices: {command: ["true"], schedule: {cron: "0 18 * * 1-5"}}
  metrics: {command: ["true"], depends_on: [prices], schedule: {cron: "30 18 * * 1-5"}}
  slow: {command: ["sh", "-c", "while [ ! -f stop ]; do sleep 0.02; done"]}
`);
    const { api } = await startShellDaemon(w.home, w.project, cleanups);
    const link = httpLink(api);
    cleanups.push(() => link.close());
    const feed = startTrayFeed({ source: link });
    cleanups.push(() => feed.stop());
    await viewWhen(feed, (v) => v.icon === 'idle' && v.menu.some((item) => item.label === 'Run'), 'the first snapshot');
    const clickedAt = Date.now();
    const click = (action: Parameters<typeof performTrayAction>[0]): Promise<void> =>
      performTrayAction(action, { daemon: link, windows: { show() {} }, state: feed.state, now: () => clickedAt, quit() {}, log: (line) => { throw new Error(line); } });
    const pauses = async (): Promise<Array<number | null | undefined>> => (await callDaemon(api, 'schedules.list', {})).map((s) => s.paused?.until);

    await click({ kind: 'pause', until: '1h' });
    expect(await pauses()).toEqual([clickedAt + 3_600_000, clickedAt + 3_600_000]);
    const paused = await viewWhen(feed, (v) => v.icon === 'paused', 'schedules paused');
    expect(paused.view.menu.map((item) => item.label)).toContain('Resume schedules');

    await click({ kind: 'resume' });
    expect(await pauses()).toEqual([undefined, undefined]);
    await viewWhen(feed, (v) => v.icon === 'idle', 'schedules resumed');

    await click({ kind: 'pause', until: 'resume-manually' });
    expect(await pauses()).toEqual([null, null]);
    const forever = await viewWhen(feed, (v) => v.icon === 'paused', 'schedules paused until resumed');
    expect(forever.view.menu.map((item) => item.label)).toContain('Schedules paused until resumed');

    await click({ kind: 'run-target', project: feed.state().projects[0]!.file, target: 'slow' });
    await viewWhen(feed, (v) => v.title === '1', 'slow running');
    const id = feed.state().active[0]!.id;
    await click({ kind: 'cancel-run', id });
    const cancelled = await viewWhen(feed, (v) => v.title === '', 'slow cancelled');
    expect(cancelled.view.icon).toBe('paused'); // a cancel is not a failure
    expect(feed.state().recent[0]).toMatchObject({ id, state: 'cancelled' });
  });
});
