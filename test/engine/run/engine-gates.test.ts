import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, readRun, type Harness } from '../../helpers/engine-harness.js';
import { waitFor } from '../../helpers/wait-for.js';
import { openStore } from '../../../electron/engine/store/open-store.js';
import { markDataReady } from '../../../electron/engine/store/run-store.js';

let h: Harness | undefined;
afterEach(() => h?.close());

function gated(waitFor: string) {
  const w = tempWorld();
  w.writeProject(`
name: gates
pipelines:
  load: {command: ["sh", "-c", "echo loaded >> ledger.txt"], wait_for: ${waitFor}}
  report: {command: ["sh", "-c", "echo report >> ledger.txt"], depends_on: [load]}
`);
  h = harness(w.home, w.project);
  return w;
}

describe('wait_for gates', () => {
  it('holds a task until its run is marked data-ready by another process, then runs it', async () => {
    const w = gated('{data_ready: true, poll: 50ms}');
    const id = h!.create({ targets: ['report'], date: '2025-01-02' });
    const engine = h!.engine();
    engine.claim(id);
    await waitFor(() => readRun(h!.db, id).tasks.get('load')!.state === 'waiting', 'load to wait on its gate');
    expect(fs.existsSync(w.file('ledger.txt'))).toBe(false);
    const other = openStore(path.join(w.home, 'tickwork.db'));
    markDataReady(other, id, Date.now());
    other.close();
    await engine.whenIdle();
    expect(readRun(h!.db, id).run.state).toBe('succeeded');
    expect(fs.readFileSync(w.file('ledger.txt'), 'utf8')).toBe('loaded\nreport\n');
  });

  it('fails a task whose gate stays closed past its timeout, naming what it waited for', async () => {
    gated('{data_ready: true, poll: 50ms, timeout: 200ms}');
    const id = h!.create({ targets: ['report'], date: '2025-01-02' });
    const engine = h!.engine();
    engine.claim(id);
    await engine.whenIdle();
    const result = readRun(h!.db, id);
    expect(result.run.state).toBe('failed');
    expect(result.tasks.get('load')!.state).toBe('failed');
    expect(result.tasks.get('load')!.reason).toMatch(/^wait_for gate not open after 2\d\dms: waiting for data_ready$/);
    expect(result.tasks.get('report')!.state).toBe('upstream_failed');
  });

  it('waits for a file matching a templated glob, and for a command to succeed', async () => {
    const w = gated('{file: "in/{{ date }}/*.csv", command: ["test", "-f", "go"], poll: 50ms}');
    const id = h!.create({ targets: ['load'], date: '2025-01-02' });
    const engine = h!.engine();
    engine.claim(id);
    await waitFor(() => readRun(h!.db, id).tasks.get('load')!.state === 'waiting', 'load to wait');
    fs.mkdirSync(w.file('in/2025-01-02'), { recursive: true });
    fs.writeFileSync(w.file('in/2025-01-02/prices.csv'), '');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(readRun(h!.db, id).tasks.get('load')!.state).toBe('waiting'); // the command gate is still closed
    fs.writeFileSync(w.file('go'), '');
    await engine.whenIdle();
    expect(readRun(h!.db, id).run.state).toBe('succeeded');
  });
});
