import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { prepareHome } from '../../electron/engine/home.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { loadProject } from '../../electron/engine/config/index.js';
import { planRun } from '../../electron/engine/run/plan-run.js';
import { createRun } from '../../electron/engine/run/create-run.js';

const PIPELINES = `pipelines:
  ok: {command: ["true"]}
  bad: {command: ["false"], retries: 0}
`;

/** Two projects, alpha and beta, on one home. */
function twoProjects() {
  const w = tempWorld();
  const alpha = w.project;
  w.writeProject(`name: alpha\n${PIPELINES}`);
  const beta = path.join(w.root, 'beta');
  fs.mkdirSync(beta);
  fs.writeFileSync(path.join(beta, 'tickwork.yaml'), `name: beta\n${PIPELINES}`);
  return { w, alpha, beta };
}

/** Creates a queued run no engine drives (as if its engine died before claiming it). */
function orphanRun(home: string, projectDir: string, pipeline: string): number {
  const db = openStore(prepareHome(home).database);
  const loaded = loadProject(path.join(projectDir, 'tickwork.yaml'));
  if (!loaded.ok) throw new Error('the project should load');
  const planned = planRun(loaded.project, { targets: [pipeline], selection: 'upstream', force: false, trigger: 'cli' }, Date.now());
  if (!planned.ok) throw new Error(planned.message);
  const id = createRun(db, planned.plan, Date.now()).runId!;
  db.close();
  return id;
}

const ids = (stdout: string): number[] => (JSON.parse(stdout) as Array<{ id: number }>).map((r) => r.id);

describe('--project on commands that read the store', () => {
  it('keeps runs, alerts, resume and advance to that project, and refuses a run of another project by id', async () => {
    const { w, alpha, beta } = twoProjects();
    expect((await tickwork(w.home, ['run', 'ok', '--wait', '--project', alpha])).code).toBe(0); // run 1
    expect((await tickwork(w.home, ['run', 'ok', '--wait', '--project', beta])).code).toBe(0); // run 2
    expect((await tickwork(w.home, ['run', 'bad', '--wait', '--project', alpha])).code).toBe(1); // run 3
    expect((await tickwork(w.home, ['run', 'bad', '--wait', '--project', beta])).code).toBe(1); // run 4

    expect(ids((await tickwork(w.home, ['runs', '--json'])).stdout)).toEqual([4, 3, 2, 1]);
    expect(ids((await tickwork(w.home, ['runs', '--project', alpha, '--json'])).stdout)).toEqual([3, 1]);
    expect(ids((await tickwork(w.home, ['runs', '--project', path.join(beta, 'tickwork.yaml'), '--json'])).stdout)).toEqual([4, 2]);
    expect(ids((await tickwork(w.home, ['runs', '--project', alpha, '--state', 'failed', '--json'])).stdout)).toEqual([3]);
    // From inside the project directory, `--project .` names it.
    const table = await tickwork(w.home, ['runs', '--project', '.'], { cwd: alpha });
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n').slice(1).map((line) => Number(line.split(/\s+/)[0]))).toEqual([3, 1]);
    expect((await tickwork(w.home, ['runs', '--project', alpha, '--pipeline', 'nope'])).stdout).toBe(`no runs with pipeline nope and project ${alpha}\n`);

    const logs = await tickwork(w.home, ['logs', '3', '--project', alpha]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('==> bad (attempt 1, failed) <==');
    const foreign = await tickwork(w.home, ['logs', '4', '--project', alpha]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toBe(`tickwork logs: run 4 belongs to project beta (${path.join(beta, 'tickwork.yaml')}), not to --project ${alpha}\n`);
    expect(await tickwork(w.home, ['cancel', '1', '--project', alpha])).toMatchObject({ code: 0, stdout: 'run 1 already succeeded; nothing to cancel\n' });
    expect((await tickwork(w.home, ['cancel', '2', '--project', alpha])).code).toBe(2);
    expect((await tickwork(w.home, ['logs', '1', '--project', path.join(w.root, 'nowhere')])).stderr).toContain('no tickwork.yaml there');

    const alerts = JSON.parse((await tickwork(w.home, ['alerts', '--project', alpha, '--json'])).stdout) as Array<{ project: string; runId: number | null }>;
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.project === 'alpha')).toBe(true);
    const everyAlert = JSON.parse((await tickwork(w.home, ['alerts', '--json'])).stdout) as Array<{ project: string }>;
    expect(new Set(everyAlert.map((a) => a.project))).toEqual(new Set(['alpha', 'beta']));
    expect((await tickwork(w.home, ['status', '--project', alpha])).code).toBe(0);
    expect((await tickwork(w.home, ['health', '--project', alpha])).code).toBe(0);

    const alphaOrphan = orphanRun(w.home, alpha, 'ok');
    const betaOrphan = orphanRun(w.home, beta, 'ok');
    const resumed = await tickwork(w.home, ['resume', '--project', alpha, '--json']);
    expect(resumed.code).toBe(0);
    expect(ids(resumed.stdout)).toEqual([alphaOrphan]);
    const stateOf = async (id: number) => (JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout) as Array<{ id: number; state: string }>).find((r) => r.id === id)!.state;
    expect(await stateOf(betaOrphan)).toBe('queued'); // another project's run is left for its own resume
    expect((await tickwork(w.home, ['resume', '--project', alpha])).stdout).toBe(`nothing to resume: no unfinished run of ${alpha} is without an engine\n`);
    expect((await tickwork(w.home, ['advance', '--all', '--project', alpha])).stdout).toBe('nothing to advance\n');
    expect((await tickwork(w.home, ['advance', String(betaOrphan), '--project', alpha])).code).toBe(2);
    const advanced = await tickwork(w.home, ['advance', '--all', '--project', beta, '--json']);
    expect(advanced.code).toBe(0);
    expect(ids(advanced.stdout)).toEqual([betaOrphan]);
    expect(await stateOf(betaOrphan)).toBe('succeeded');
  });
});
