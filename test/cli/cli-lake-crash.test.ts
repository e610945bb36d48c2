import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { harness, readRun, type Harness } from '../helpers/engine-harness.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

/** `load` writes half its output, waits for a `go` file, then fails or finishes as that file says. */
const PROJECT = `
name: crashlake
datasets:
  prices: {format: csv, partition_by: [date]}
pipelines:
  load:
    provides: [prices]
    command: 'printf "close\\n1\\n" > "$TICKWORK_OUTPUT_PRICES/prices.csv"; touch half; while [ ! -f go ]; do sleep 0.05; done; [ "$(cat go)" = ok ] || exit 4; printf "2\\n" >> "$TICKWORK_OUTPUT_PRICES/prices.csv"'
`;

function partitions(w: TempWorld): string[] {
  const root = path.join(w.project, '.tickwork', 'lake', 'crashlake', 'all', 'prices');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory() && e.name.startsWith('date=')).map((e) => path.join(e.parentPath, e.name));
}

function staging(w: TempWorld): string[] {
  const dir = path.join(w.project, '.tickwork', 'lake', '.staging');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** Starts `run load --wait`, waits for the step to have written half, and kills the command with SIGKILL. */
async function killEngineMidWrite(w: TempWorld): Promise<void> {
  const cli = startTickwork(w.home, ['run', 'load', '--wait', '--date', '2025-03-04', '--project', w.project], { cwd: w.project });
  await waitFor(() => fs.existsSync(w.file('half')), 'the step to have written half its output');
  cli.kill('SIGKILL');
  await exitOf(cli);
}

describe('a kill -9 of the engine while a step writes its dataset', () => {
  it('publishes nothing; the engine that adopts the attempt discards its staging when it fails', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    await killEngineMidWrite(w);
    expect(partitions(w)).toEqual([]);
    expect(staging(w)).toHaveLength(1);

    const h = harness(w.home, path.join(w.project, 'tickwork.yaml'));
    open.push(h);
    const engine = h.engine();
    expect(engine.adoptOrphans()).toEqual([1]);
    fs.writeFileSync(w.file('go'), 'fail');
    await engine.whenIdle();
    expect(readRun(h.db, 1).tasks.get('load')!.state).toBe('failed');
    expect(partitions(w)).toEqual([]);
    expect(staging(w)).toEqual([]);
  });

  it('publishes the whole output from the engine that adopts the attempt when it succeeds', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    await killEngineMidWrite(w);
    expect(partitions(w)).toEqual([]);

    const h = harness(w.home, path.join(w.project, 'tickwork.yaml'));
    open.push(h);
    const engine = h.engine();
    expect(engine.adoptOrphans()).toEqual([1]);
    fs.writeFileSync(w.file('go'), 'ok');
    await engine.whenIdle();
    const load = readRun(h.db, 1).tasks.get('load')!;
    expect(load.state).toBe('succeeded');
    const [dir] = partitions(w);
    expect(dir).toBe(path.join(w.project, '.tickwork', 'lake', 'crashlake', 'all', 'prices', load.spec.lake!.hash!, 'date=2025-03-04'));
    expect(fs.readFileSync(path.join(dir!, 'prices.csv'), 'utf8')).toBe('close\n1\n2\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir!, '_manifest.json'), 'utf8'))).toMatchObject({ rows: 2, runId: 1, taskRunId: load.id, attempt: 1, hash: load.spec.lake!.hash, cacheKey: load.specHash });
    expect(staging(w)).toEqual([]);
  });
});
