import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';
import { desktopSessionMissing, startDesktopSession, type DesktopSession } from '../helpers/desktop-session.js';

// CI installs Xvfb, dunst, libnotify-bin and dbus-x11 (.ci/run): there a missing binary is a failure, not a skip.
const missing = process.platform === 'linux' ? desktopSessionMissing() : 'the desktop session harness needs Linux (Xvfb, dunst)';
const skip = missing !== null && !process.env.CI;

describe.skipIf(skip)(`alerts from the daemon${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let session: DesktopSession | undefined;
  let daemon: ChildProcess | undefined;
  let server: http.Server | undefined;
  const posts: Array<{ text: string }> = [];

  beforeAll(async () => {
    if (missing) throw new Error(`CI must provide the desktop session: ${missing}`);
    session = await startDesktopSession();
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posts.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    if (daemon && daemon.exitCode === null) daemon.kill('SIGKILL');
    await session?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows a desktop notification and posts to the webhook when a run fails, and raises an alert for an invalid config edit', async () => {
    const w = tempWorld();
    const hook = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;
    const good = `name: desk
alerts: {webhook: "${hook}"}
pipelines:
  metrics: {command: "echo 'ValueError: bad curve' >&2; exit 3"}
`;
    const file = w.writeProject(good);
    daemon = startTickwork(w.home, ['up', '--project', w.project], { env: session!.env });
    let out = '';
    daemon.stdout!.on('data', (c) => (out += c));
    await waitFor(() => fs.existsSync(`${w.home}/api.json`), 'the daemon to serve its API');

    const run = await tickwork(w.home, ['run', 'metrics', '--project', w.project, '--date', '2026-11-20', '--wait']);
    expect(run.code).toBe(1);
    const notes = await waitForAsync(async () => {
      const history = await session!.history();
      return history.some((n) => n.summary === 'Tickwork: metrics failed') && history;
    }, 'the notification to reach dunst');
    expect(notes.find((n) => n.summary === 'Tickwork: metrics failed')!.body).toMatch(/^desk · metrics · 2026-11-20: exit code 3 \(run \d+\)$/);
    await waitFor(() => posts.length >= 1, 'the webhook post');
    expect(posts[0]!.text).toMatch(/^\[ALERT\] metrics failed: desk · metrics · 2026-11-20: exit code 3/);

    const listed = JSON.parse((await tickwork(w.home, ['alerts', '--json', '--project', w.project])).stdout);
    expect(listed).toMatchObject([{ rule: 'run_failed', state: 'open', pipeline: 'metrics', partitionKey: 'date=2026-11-20', count: 1 }]);

    fs.writeFileSync(file, good.replace('  metrics: {', '  metrics: {retires: 2, '));
    const invalid = await waitForAsync(async () => {
      const alerts = JSON.parse((await tickwork(w.home, ['alerts', '--json'])).stdout) as Array<{ rule: string; body: string }>;
      return alerts.find((a) => a.rule === 'config_invalid');
    }, 'the config_invalid alert');
    expect(invalid.body).toMatch(/tickwork\.yaml:4:13: pipelines\.metrics\.retires: unknown key; did you mean "retries"\?/);
    fs.writeFileSync(file, good);
    await waitForAsync(async () => {
      const alerts = JSON.parse((await tickwork(w.home, ['alerts', '--json'])).stdout) as Array<{ rule: string }>;
      return !alerts.some((a) => a.rule === 'config_invalid');
    }, 'the config_invalid alert to resolve');
    expect(out).toContain('alert opened: metrics failed');
  });
});
