import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon } from '../../helpers/daemon.js';
import { apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('power.keepAwake over HTTP', () => {
  it('lists the active runs with a keep_awake pipeline, and drops each when it ends', async () => {
    const w = tempWorld();
    const go = w.file('go');
    // Both wait for the file, so both are active at once; only sweep's runs keep the machine awake.
    const wait = `while [ ! -f ${JSON.stringify(go)} ]; do sleep 0.05; done`;
    w.writeProject(`name: p\npipelines:\n  sweep: {command: ${JSON.stringify(wait)}, keep_awake: true}\n  quick: {command: ${JSON.stringify(wait)}}\n`);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    expect(await apiOk(daemon, 'power.keepAwake', {})).toEqual({ runs: [] });
    const sweep = await apiOk(daemon, 'runs.trigger', { targets: ['sweep'], date: '2026-11-20' });
    const quick = await apiOk(daemon, 'runs.trigger', { targets: ['quick'], date: '2026-11-20' });
    expect(await apiOk(daemon, 'power.keepAwake', {})).toEqual({ runs: [sweep.id] });
    expect(quick.id).not.toBe(sweep.id);
    fs.writeFileSync(go, '');
    await waitForAsync(async () => (await apiOk(daemon, 'runs.get', { id: sweep.id })).run.state === 'succeeded', 'the sweep run to end');
    expect(await apiOk(daemon, 'power.keepAwake', {})).toEqual({ runs: [] });
  }, 30_000);
});
