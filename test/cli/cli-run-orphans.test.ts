import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startTickwork, tickwork, exitOf } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { prepareHome } from '../../electron/engine/home.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { loadProject } from '../../electron/engine/config/index.js';
import { planRun } from '../../electron/engine/run/plan-run.js';
import { createRun } from '../../electron/engine/run/create-run.js';
import { Engine } from '../../electron/engine/run/engine.js';
import { getRun } from '../../electron/engine/store/run-store.js';
import { processStartToken } from '../../electron/engine/util/process-probe.js';
import { spawn } from 'node:child_process';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

describe('run --wait and runs whose engine died', () => {
  it('finishes with its own run, handing an orphaned run to a background engine instead of waiting for it', async () => {
    const w = tempWorld();
    w.writeProject(`
name: orphans
pipelines:
  slow: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done; echo slow >> ledger.txt"]}
  quick: {command: ["sh", "-c", "echo quick >> ledger.txt"]}
`);
    const first = startTickwork(w.home, ['run', 'slow', '--wait', '--project', w.project]);
    let out = '';
    first.stdout!.on('data', (c) => (out += c));
    await waitFor(() => out.includes('▶ slow'), 'slow to start');
    first.kill('SIGKILL'); // run 1 is now an orphan whose attempt keeps running
    await exitOf(first);

    const second = await tickwork(w.home, ['run', 'quick', '--wait', '--project', w.project]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('run 2 succeeded');
    expect(second.stdout).not.toContain('slow'); // not driven (nor waited for) here

    const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
    const ownerOf = () => db.prepare('SELECT state, owner_pid FROM runs WHERE id = 1').get() as { state: string; owner_pid: number | null };
    // A background engine adopted run 1: a live process other than the dead one and the finished second command.
    await waitFor(() => ownerOf().owner_pid !== null && ownerOf().owner_pid !== first.pid && fs.existsSync(`/proc/${ownerOf().owner_pid}`), 'a background engine to adopt run 1');
    fs.writeFileSync(w.file('go'), '');
    await waitFor(() => ownerOf().state === 'succeeded', 'run 1 to be finished by the background engine');
    db.close();
    expect(fs.readFileSync(w.file('ledger.txt'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['quick', 'slow']);
  });

  it('records the creating engine as the owner of a new run, so no other engine adopts it while its creator lives', async () => {
    const w = tempWorld();
    const file = w.writeProject('name: owned\npipelines:\n  a: {command: ["true"]}\n');
    const home = prepareHome(w.home);
    const db = openStore(home.database);
    const loaded = loadProject(file);
    if (!loaded.ok) throw new Error('the project should load');
    const plan = () => {
      const planned = planRun(loaded.project, { targets: ['a'], selection: 'upstream', force: false, trigger: 'cli' }, Date.now());
      if (!planned.ok) throw new Error(planned.message);
      return planned.plan;
    };
    // The creator: another live process (a `tickwork run --wait` between creating its run and claiming it).
    const creatorProcess = spawn('sleep', ['30']);
    await new Promise((resolve) => creatorProcess.once('spawn', resolve));
    const creator = { token: 'creator', pid: creatorProcess.pid!, start: processStartToken(creatorProcess.pid!) };
    const owned = createRun(db, plan(), Date.now(), creator).runId!;
    const unowned = createRun(db, plan(), Date.now()).runId!;
    expect(getRun(db, owned)).toMatchObject({ ownerToken: 'creator', ownerPid: creatorProcess.pid });

    const other = new Engine({ db, home });
    engines.push(other);
    expect(other.adoptOrphans()).toEqual([unowned]);
    creatorProcess.kill('SIGKILL');
    await exitOf(creatorProcess);
    expect(other.adoptOrphans()).toEqual([owned]); // its creator died before claiming it: adoptable
  });
});
