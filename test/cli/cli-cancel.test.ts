import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { pidAlive, waitFor } from '../helpers/wait-for.js';

describe('tickwork cancel', () => {
  it('stops a background run and its whole process group; unfinished tasks become cancelled', async () => {
    const w = tempWorld();
    w.writeProject(`
name: cancel
pipelines:
  slow: {command: "sleep 30 & echo $! > child.pid; wait"}
  after: {command: ["true"], depends_on: [slow]}
`);
    const started = await tickwork(w.home, ['run', 'after', '--project', w.project, '--json']);
    expect(started.code).toBe(0);
    const runId = JSON.parse(started.stdout).id;
    const child = await waitFor(() => Number(fs.existsSync(w.file('child.pid')) && fs.readFileSync(w.file('child.pid'), 'utf8').trim()) || undefined, 'slow to start');
    const cancelled = await tickwork(w.home, ['cancel', String(runId)]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toBe(`run ${runId} cancelled (1 process group stopped)\n`);
    await waitFor(() => !pidAlive(child), 'the grandchild sleep to die');
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout);
    expect(runs[0]).toMatchObject({ id: runId, state: 'cancelled', reason: 'cancelled by user' });
    const again = await tickwork(w.home, ['cancel', String(runId)]);
    expect(again.stdout).toBe(`run ${runId} is already cancelled\n`);
    expect(again.code).toBe(0);
    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout);
    expect(status.map((s: { pipeline: string; state: string }) => [s.pipeline, s.state])).toEqual([
      ['slow', 'cancelled'],
      ['after', 'cancelled'],
    ]);
  });
});
