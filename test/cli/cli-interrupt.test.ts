import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

// Each task prints a line, then waits for the test's `go` file.
const PROJECT = `
name: stop
partitions: {region: [US, EU]}
pipelines:
  slow: {command: ["sh", "-c", "echo started-{{ partition.region }} >> started.txt; while [ ! -f go ]; do sleep 0.05; done"]}
`;

const worlds: TempWorld[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) fs.writeFileSync(w.file('go'), ''); // the attempts Ctrl-C left running end
});

/** Starts `run slow --wait …`, waits until `count` attempts print, sends SIGINT; resolves to exit code and stderr. */
async function interrupt(w: TempWorld, args: readonly string[], count: number): Promise<{ code: number | null; stderr: string }> {
  const run = startTickwork(w.home, ['run', 'slow', '--wait', '--date', '2025-02-03', ...args, '--project', w.project]);
  let stderr = '';
  run.stdout!.resume();
  run.stderr!.on('data', (c) => (stderr += c));
  await waitFor(() => fs.existsSync(w.file('started.txt')) && fs.readFileSync(w.file('started.txt'), 'utf8').split('\n').filter(Boolean).length === count, 'the attempts to start');
  run.kill('SIGINT');
  return { code: await exitOf(run), stderr };
}

describe('Ctrl-C during run --wait names the runs it leaves running', () => {
  it('names the one run in the cancel command', async () => {
    const w = tempWorld();
    worlds.push(w);
    w.writeProject(PROJECT);
    const out = await interrupt(w, ['--partition', 'region=US'], 1);
    expect(out.code).toBe(130);
    expect(out.stderr).toBe('\ninterrupted: attempts keep running; `tickwork resume` carries run 1 on, `tickwork cancel 1` stops it\n');
    // The command it names works.
    expect((await tickwork(w.home, ['cancel', '1'])).stdout).toBe('run 1 cancelled (1 process group stopped)\n');
  });

  it('names each run of a fan-out', async () => {
    const w = tempWorld();
    worlds.push(w);
    w.writeProject(PROJECT);
    const out = await interrupt(w, [], 2);
    expect(out.code).toBe(130);
    expect(out.stderr).toBe('\ninterrupted: attempts keep running; `tickwork resume` carries runs 1, 2 on, `tickwork cancel 1`, `tickwork cancel 2` stop them\n');
  });
});
