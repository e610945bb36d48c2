import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { waitFor } from '../../helpers/wait-for.js';
import { prepareHome } from '../../../electron/engine/home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';
import { loadProject } from '../../../electron/engine/config/index.js';
import { planRun } from '../../../electron/engine/run/plan-run.js';
import { createRun } from '../../../electron/engine/run/create-run.js';
import { Daemon } from '../../../electron/engine/daemon/daemon.js';

let daemon: Daemon | undefined;
let db: Db | undefined;
afterEach(async () => {
  await daemon?.stop();
  db?.close();
  daemon = db = undefined;
});

describe('the daemon and the events journal', () => {
  it('says when an alert lands in the journal, after its commit, so live views need not wait for a poll', async () => {
    const w = tempWorld();
    const file = w.writeProject('name: alerting\npipelines:\n  boom: {command: ["false"], retries: 0}\n');
    const home = prepareHome(w.home);
    db = openStore(home.database);
    const store = db;
    /** Alert events already committed at each onJournal call. */
    const seenAtCall: number[] = [];
    daemon = new Daemon({
      db: store,
      home,
      projectFiles: [file],
      log: () => {},
      onJournal: () => void seenAtCall.push(listEvents(store).filter((e) => e.kind === 'alert').length),
    });
    expect(daemon.start()).toEqual({ ok: true });
    expect(seenAtCall).toEqual([]); // nothing to say yet

    const loaded = loadProject(file);
    if (!loaded.ok) throw new Error('the project should load');
    const planned = planRun(loaded.project, { targets: ['boom'], selection: 'upstream', force: false, trigger: 'cli' }, Date.now());
    if (!planned.ok) throw new Error(planned.message);
    const created = createRun(store, planned.plan, Date.now());
    if (created.runId === null) throw new Error(created.skipped);
    daemon.engine.claimCreated(created);

    await waitFor(() => seenAtCall.length > 0, 'the run_failed alert to be announced');
    expect(seenAtCall[0]).toBeGreaterThan(0);
    const alert = listEvents(store).find((e) => e.kind === 'alert')!;
    expect(alert.to).toBe('open');
  });
});
