import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { apiOk } from '../helpers/api-client.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const PROJECT = `
name: cli
pipelines:
  prices: {command: ["true"], schedule: "0 19 * * *"}
  adhoc: {command: ["true"]}
`;

describe('tickwork schedule pause | resume', () => {
  it('pauses and resumes on the store without a daemon, and through the daemon when one runs; a bad name or time exits 2', async () => {
    const w = tempWorld();
    const file = w.writeProject(PROJECT);
    const pause = await tickwork(w.home, ['schedule', 'pause', 'prices', '--for', '2h', '--project', w.project, '--json']);
    expect(pause.code).toBe(0);
    const answer = JSON.parse(pause.stdout);
    expect(answer).toMatchObject({ key: `${file}#pipeline:prices`, changed: true, paused: { reason: null } });
    expect(answer.paused.until - answer.paused.pausedAt).toBe(2 * 3_600_000);

    // The daemon sees the pause written without it, and the CLI goes through it now.
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    expect((await apiOk(daemon, 'schedules.list', {}))[0]!.paused).toMatchObject({ until: answer.paused.until });
    const resumed = await tickwork(w.home, ['schedule', 'resume', 'prices', '--project', w.project]);
    expect(resumed).toMatchObject({ code: 0, stdout: "pipeline prices's schedule resumed; skipped slots are not caught up\n" });
    expect((await apiOk(daemon, 'schedules.list', {}))[0]!.paused).toBeNull();
    expect((await tickwork(w.home, ['schedule', 'resume', 'prices', '--project', w.project])).stdout).toBe("pipeline prices's schedule is not paused\n");
    const again = await tickwork(w.home, ['schedule', 'pause', 'prices', '--project', w.project]);
    expect(again.stdout).toBe("pipeline prices's schedule paused until resumed (tickwork schedule resume prices): its slots are skipped\n");
    expect((await apiOk(daemon, 'schedules.list', {}))[0]!.paused).toMatchObject({ until: null });

    const unknown = await tickwork(w.home, ['schedule', 'pause', 'adhoc', '--project', w.project]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'tickwork schedule pause: cli has no schedule named adhoc (scheduled: prices)']);
    const past = await tickwork(w.home, ['schedule', 'pause', 'prices', '--until', '2000-01-01T00:00Z', '--project', w.project]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--until 2000-01-01T00:00Z is not in the future');
    expect((await tickwork(w.home, ['schedule', 'pause', 'prices', '--for', 'soon', '--project', w.project])).code).toBe(2);
    expect((await tickwork(w.home, ['schedule', 'resume', 'prices', '--for', '1h', '--project', w.project])).code).toBe(2);
  }, 30_000);
});
