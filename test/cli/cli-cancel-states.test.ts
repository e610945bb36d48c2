import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

const PROJECT = `
name: states
pipelines:
  ok: {command: ["true"]}
  bad: {command: "exit 4"}
  slow: {command: "echo $$ > slow.pid; exec sleep 30"}
`;

describe('tickwork cancel of a run that is not running', () => {
  it('says a finished run is already in its final state, exit 0, and an unknown run is exit 2 (no daemon)', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    expect((await tickwork(w.home, ['run', 'ok', '--wait', '--project', w.project])).code).toBe(0);
    expect((await tickwork(w.home, ['run', 'bad', '--wait', '--project', w.project])).code).toBe(1);
    const succeeded = await tickwork(w.home, ['cancel', '1']);
    expect(succeeded).toMatchObject({ code: 0, stdout: 'run 1 already succeeded; nothing to cancel\n' });
    expect((await tickwork(w.home, ['cancel', '2'])).stdout).toBe('run 2 already failed; nothing to cancel\n');
    expect(JSON.parse((await tickwork(w.home, ['cancel', '2', '--json'])).stdout)).toEqual({ run: 2, kind: 'already_finished', state: 'failed' });
    const unknown = await tickwork(w.home, ['cancel', '99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('tickwork cancel: no run 99');
  });

  it('says the same through the daemon, and a second cancel says the run is already cancelled', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    daemons.push((await startDaemon(w.home, w.project)).child);
    expect((await tickwork(w.home, ['run', 'ok', '--wait', '--project', w.project])).code).toBe(0);
    expect((await tickwork(w.home, ['run', 'slow', '--project', w.project])).code).toBe(0);
    await waitFor(() => fs.existsSync(w.file('slow.pid')), 'slow to start');
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout) as Array<{ id: number; targets: string[] }>;
    const slow = runs.find((r) => r.targets[0] === 'slow')!.id;
    expect(await tickwork(w.home, ['cancel', String(slow)])).toMatchObject({ code: 0, stdout: `run ${slow} cancelled (1 process group stopped)\n` });
    expect(await tickwork(w.home, ['cancel', String(slow)])).toMatchObject({ code: 0, stdout: `run ${slow} is already cancelled\n` });
    expect(JSON.parse((await tickwork(w.home, ['cancel', String(slow), '--json'])).stdout)).toEqual({ run: slow, kind: 'already_finished', state: 'cancelled' });
    expect((await tickwork(w.home, ['cancel', '1'])).stdout).toBe('run 1 already succeeded; nothing to cancel\n');
    const unknown = await tickwork(w.home, ['cancel', '99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('tickwork cancel: no run 99');
  });
});
