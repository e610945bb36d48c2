import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { followSse } from '../helpers/sse.js';

let world: TempWorld;
let daemon: TestDaemon;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = tempWorld();
  world.writeProject('name: uiproj\npipelines:\n  prices: {command: ["true"]}\n');
  daemon = await startDaemon(world.home, world.project);
  children.push(daemon.child);
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** GETs a URL and hands back the status and where it redirects. */
function visit(url: string): Promise<{ status: number; location: string | undefined; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location, cookie: res.headers['set-cookie']?.[0] });
    }).on('error', reject);
  });
}

describe('tickwork ui', () => {
  it('says that no daemon runs and how to start one (exit 2)', async () => {
    const result = await tickwork(tempWorld().home, ['ui', '--no-open']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no daemon is running');
    expect(result.stderr).toContain('tickwork up');
  });

  it('opens the browser with the one-time URL as a single argument, no shell', async () => {
    const bin = path.join(world.root, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const record = path.join(world.root, 'opened.txt');
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${record}'\n`, { mode: 0o755 });
    const result = await tickwork(world.home, ['ui'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`opened the dashboard in your browser (http://127.0.0.1:${daemon.port}/)`);
    const opened = await waitFor(() => fs.existsSync(record) && fs.readFileSync(record, 'utf8'), 'the opener to run');
    const args = opened.split('\n').filter(Boolean);
    expect(args).toHaveLength(1);
    expect(args[0]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${daemon.port}/login\\?token=[\\w-]+$`));
    const login = await visit(args[0]!);
    expect([login.status, login.location]).toEqual([303, '/']);
    expect(login.cookie).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('prints the URL when no browser opener is installed', async () => {
    const empty = path.join(world.root, 'empty-bin');
    fs.mkdirSync(empty, { recursive: true });
    const result = await tickwork(world.home, ['ui'], { env: { PATH: empty } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('could not open a browser (xdg-open: not found)');
    expect(result.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+\n$/);
  });

  it("starts the dashboard's event stream at the journal's head (after=now) and names that seq first", async () => {
    const sse = followSse(daemon.port, '/api/events?after=now', daemon.auth);
    try {
      await waitFor(() => sse.messages.length > 0, 'the head message');
      const head = sse.messages[0]!;
      expect(head.event).toBe('head');
      const { seq } = head.data as { seq: number };
      expect(Number.isSafeInteger(seq)).toBe(true);
      const run = await tickwork(world.home, ['run', 'prices', '--project', world.project, '--wait']);
      expect(run.code).toBe(0);
      await waitFor(() => sse.messages.some((m) => (m.data as { to?: string }).to === 'succeeded' && m.event === 'run'), 'the run to succeed on the stream');
      const seqs = sse.messages.slice(1).map((m) => (m.data as { seq: number }).seq);
      expect(seqs[0]).toBe(seq + 1); // nothing before the head, nothing after it missed
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      sse.close();
    }
  });

  it('opens the runs of a project the daemon serves, and refuses one it does not (exit 2)', async () => {
    const served = await tickwork(world.home, ['ui', '--no-open', '--project', world.project]);
    expect(served.code).toBe(0);
    const login = await visit(served.stdout.trim());
    expect([login.status, login.location]).toEqual([303, `/runs?project=${encodeURIComponent(path.join(world.project, 'tickwork.yaml'))}`]);

    const other = tempWorld();
    other.writeProject('name: other\npipelines:\n  a: {command: ["true"]}\n');
    const refused = await tickwork(world.home, ['ui', '--no-open', '--project', other.project]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the running daemon does not serve');
  });
});
