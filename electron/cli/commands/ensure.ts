/**
 * The engine_runs workflow as commands (for cron/launchd heartbeats):
 * `tickwork ensure [TARGET…] --date D [--partition k=v]… [--data-ready]`
 * creates exactly one run per (targets, partition) and can mark its data
 * ready; `tickwork advance --all | RUN…` moves every active run as far as it
 * can go now and returns (a no-op when nothing is due).
 */
import { parse, flag, list, str, keyValues, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { planRun } from '../../engine/run/plan-run.js';
import { createRun } from '../../engine/run/create-run.js';
import { getRun, markDataReady, partitionKey } from '../../engine/store/run-store.js';
import { tasksOfRun } from '../../engine/store/task-store.js';
import { Engine } from '../../engine/run/engine.js';
import { runningDaemon } from '../../engine/daemon/daemon-lock.js';
import { runWithTasksJson } from '../run-json.js';
import type { Partition } from '../../../shared/run-model.js';

/** Runs `ensure`; resolves to the exit code. */
export async function ensureCommand(argv: readonly string[]): Promise<number> {
  const args = parse('ensure', argv, {
    project: { type: 'string' },
    date: { type: 'string' },
    partition: { type: 'string', multiple: true },
    'data-ready': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const date = str(args, 'date');
  if (!date) throw new UsageError('tickwork ensure: --date YYYY-MM-DD is required (the partition to ensure)');
  const project = loadProjectOrExit(str(args, 'project'));
  const targets = args.positionals.length ? args.positionals : [...project.pipelines.keys()];
  const partition = keyValues(list(args, 'partition'), 'partition', 'ensure');
  const key = `ensure:${project.file}:${targets.join(',')}:${partitionKey({ ...partition, date } as Partition)}`;
  const planned = planRun(project, { targets, selection: 'upstream', force: false, date, partition, trigger: 'ensure', idempotencyKey: key }, Date.now());
  if (!planned.ok) throw new CliExit(2, [`tickwork ensure: ${planned.message}`]);
  const store = openHomeStore();
  const created = createRun(store.db, planned.plan, Date.now());
  if (created.runId === null) throw new CliExit(1, [`tickwork ensure: skipped: ${created.skipped}`]);
  if (flag(args, 'data-ready')) markDataReady(store.db, created.runId, Date.now());
  const run = getRun(store.db, created.runId)!;
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify({ ...runWithTasksJson(store.db, run), created: !created.existed, data_ready: run.dataReadyAt !== null }) + '\n');
  } else {
    const ready = run.dataReadyAt !== null ? ', data ready' : '';
    process.stdout.write(`run ${run.id} for ${run.partitionKey}: ${created.existed ? 'exists' : 'created'} (${run.state}${ready})\n`);
  }
  return 0;
}

/** Runs `advance`; resolves to the exit code (1 when a run it moved ended failed). */
export async function advanceCommand(argv: readonly string[]): Promise<number> {
  const args = parse('advance', argv, { all: { type: 'boolean' }, json: { type: 'boolean' } });
  if (!flag(args, 'all') && args.positionals.length === 0) throw new UsageError('tickwork advance: name runs to advance, or --all');
  const store = openHomeStore();
  const daemon = runningDaemon(store.home.root);
  if (daemon) {
    process.stdout.write(`the daemon (pid ${daemon.pid}) drives the runs of this home; nothing to advance\n`);
    return 0;
  }
  const engine = new Engine({ db: store.db, home: store.home });
  const ids = flag(args, 'all') ? engine.adoptOrphans() : args.positionals.filter((id) => engine.claim(Number(id))).map(Number);
  // Move until nothing moves any more: every remaining task waits on a gate (or everything finished).
  while (engine.activity().runs > 0 && engine.activity().moving > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await engine.stop();
  const runs = ids.map((id) => getRun(store.db, id)!);
  if (flag(args, 'json')) process.stdout.write(JSON.stringify(runs.map((r) => runWithTasksJson(store.db, r))) + '\n');
  else if (runs.length === 0) process.stdout.write('nothing to advance\n');
  else {
    for (const run of runs) {
      const gated = tasksOfRun(store.db, run.id).filter((t) => t.state === 'waiting' && t.spec.waitFor !== undefined && t.gateSince !== null);
      const names = gated.map((t) => t.pipeline).join(', ');
      process.stdout.write(`run ${run.id} ${run.partitionKey}: ${run.state}${gated.length ? ` (gate closed: ${names})` : ''}\n`);
    }
  }
  return runs.some((r) => r.state === 'failed') ? 1 : 0;
}
