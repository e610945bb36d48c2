import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, readRun, type Harness } from '../../helpers/engine-harness.js';
import { waitFor } from '../../helpers/wait-for.js';
import { planRun } from '../../../electron/engine/run/plan-run.js';
import { createRun } from '../../../electron/engine/run/create-run.js';

let h: Harness | undefined;
afterEach(() => h?.close());

function project(overlap: string, command = '["sh", "-c", "sleep 0.3"]') {
  const w = tempWorld();
  w.writeProject(`
name: overlap
pipelines:
  slow: {command: ${command}, max_active_runs: 1, overlap: ${overlap}}
`);
  h = harness(w.home, w.project);
  return w;
}

describe('overlap policies (max_active_runs: 1)', () => {
  it('queue: a second run waits queued until the first has finished', async () => {
    project('queue');
    const first = h!.create({ targets: ['slow'] });
    const second = h!.create({ targets: ['slow'] });
    const engine = h!.engine();
    engine.claim(first);
    engine.claim(second);
    expect(readRun(h!.db, second).run.state).toBe('queued');
    await engine.whenIdle();
    const a = readRun(h!.db, first).run;
    const b = readRun(h!.db, second).run;
    expect([a.state, b.state]).toEqual(['succeeded', 'succeeded']);
    expect(b.startedAt!).toBeGreaterThanOrEqual(a.finishedAt!);
  });

  it('skip: a run asked for while one is active is not created', () => {
    project('skip');
    const first = h!.create({ targets: ['slow'] });
    const planned = planRun(h!.project, { targets: ['slow'], selection: 'upstream', force: false, trigger: 'cli' }, Date.now());
    if (!planned.ok) throw new Error(planned.message);
    const second = createRun(h!.db, planned.plan, Date.now());
    expect(second).toEqual({ runId: null, existed: false, cancelled: [], skipped: `1 active run (${first}) of slow; max_active_runs 1, overlap: skip` });
  });

  it('cancel_previous: a new run cancels the active one and stops its process', async () => {
    const w = project('cancel_previous', '["sh", "-c", "echo $$ > pid.$TICKWORK_RUN_ID; sleep 30"]');
    const first = h!.create({ targets: ['slow'] });
    const engine = h!.engine();
    engine.claim(first);
    const pid = await waitFor(() => fs.existsSync(w.file(`pid.${first}`)) && Number(fs.readFileSync(w.file(`pid.${first}`), 'utf8')), 'the first run to start');
    const planned = planRun(h!.project, { targets: ['slow'], selection: 'upstream', force: false, trigger: 'cli' }, Date.now());
    if (!planned.ok) throw new Error(planned.message);
    const second = createRun(h!.db, planned.plan, Date.now());
    expect(second.cancelled).toEqual([first]);
    engine.refresh(first);
    await waitFor(() => readRun(h!.db, first).attempts.get('slow')![0]!.state === 'cancelled', 'the first attempt to be cancelled');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(readRun(h!.db, first).run).toMatchObject({ state: 'cancelled', reason: `superseded by run ${second.runId} (overlap: cancel_previous)` });
    await engine.stop();
  });
});
