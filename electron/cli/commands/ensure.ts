/**
 * The engine_runs workflow as commands (for cron/launchd heartbeats):
 * `tickwork ensure [TARGET…] --date D [--partition k=v]… [--data-ready]`
 * creates exactly one run per (targets, partition) and can mark its data
 * ready; `tickwork advance --all | RUN…` moves every active run as far as it
 * can go now and returns (a no-op when nothing is due); `--project DIR` keeps
 * `advance` to that project's runs.
 */
import { parse, flag, list, str, keyValues, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { ensureRun, type EnsureRequest, type EnsureResult } from '../../engine/run/ensure-run.js';
import { getRun } from '../../engine/store/run-store.js';
import { ApiCallError, callDaemon, daemonApi } from '../daemon-client.js';
import { triggerEnv } from '../../engine/run/passthrough-key.js';
import { resolveHomeDir } from '../../engine/home.js';
import { tasksOfRun } from '../../engine/store/task-store.js';
import { Engine } from '../../engine/run/engine.js';
import { runningDaemon } from '../../engine/daemon/daemon-lock.js';
import { runWithTasksJson } from '../run-json.js';
import { inScope, projectScope, requireRunInScope } from '../project-scope.js';
import { orphanedRuns } from '../../engine/run/run-owner.js';

/** Options `ensure` accepts (help.ts describes each). */
export const ensureOptions = {
  project: { type: 'string' },
  date: { type: 'string' },
  partition: { type: 'string', multiple: true },
  'data-ready': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Runs `ensure`; resolves to the exit code. While a daemon serves the project, it ensures the run (and drives it at once). */
export async function ensureCommand(argv: readonly string[]): Promise<number> {
  const args = parse('ensure', argv, ensureOptions);
  const date = str(args, 'date');
  if (!date) throw new UsageError('tickwork ensure: --date YYYY-MM-DD is required (the partition to ensure)');
  const project = loadProjectOrExit(str(args, 'project'));
  const request = { targets: args.positionals, date, partition: keyValues(list(args, 'partition'), 'partition', 'ensure'), dataReady: flag(args, 'data-ready'), env: triggerEnv(resolveHomeDir(), project, process.env) };
  const store = openHomeStore();
  const ensured = (await ensureViaDaemon(store.home.root, project.file, request)) ?? ensureRun(store.db, project, request, Date.now());
  if (!ensured.ok) throw new CliExit(ensured.kind === 'usage' ? 2 : 1, [`tickwork ensure: ${ensured.message}`]);
  // One line (or JSON object) per partition the request fanned out to.
  for (const ensuredRun of ensured.runs) {
    const run = getRun(store.db, ensuredRun.runId)!;
    if (flag(args, 'json')) {
      process.stdout.write(JSON.stringify({ ...runWithTasksJson(store.db, run), created: ensuredRun.created, data_ready: run.dataReadyAt !== null }) + '\n');
    } else {
      const ready = run.dataReadyAt !== null ? ', data ready' : '';
      process.stdout.write(`run ${run.id} for ${run.partitionKey}: ${ensuredRun.created ? 'created' : 'exists'} (${run.state}${ready})\n`);
    }
  }
  return 0;
}

/** Asks the running daemon to ensure the run; null when no daemon serves this project. */
async function ensureViaDaemon(homeRoot: string, projectFile: string, request: EnsureRequest): Promise<EnsureResult | null> {
  const api = daemonApi(homeRoot);
  if (!api) return null;
  try {
    const { runs } = await callDaemon(api, 'runs.ensure', { project: projectFile, targets: [...(request.targets ?? [])], date: request.date, partition: { ...request.partition }, dataReady: request.dataReady, ...(request.env ? { passthrough: { ...request.env.values } } : {}) });
    return { ok: true, runs: runs.map((r) => ({ runId: r.id, created: r.created })) };
  } catch (error) {
    // Not answering (stopping, just died): ensure in the store; the next daemon adopts the run.
    if (!(error instanceof ApiCallError) || error.status === 404) return null;
    return { ok: false, kind: error.status === 409 ? 'skipped' : 'usage', message: error.message };
  }
}

/** Options `advance` accepts (help.ts describes each). */
export const advanceOptions = { all: { type: 'boolean' }, project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs `advance`; resolves to the exit code (1 when a run it moved ended failed). */
export async function advanceCommand(argv: readonly string[]): Promise<number> {
  const args = parse('advance', argv, advanceOptions);
  if (!flag(args, 'all') && args.positionals.length === 0) throw new UsageError('tickwork advance: name runs to advance, or --all');
  const scope = projectScope(str(args, 'project'));
  const store = openHomeStore();
  for (const id of args.positionals) if (/^\d+$/.test(id)) requireRunInScope(store.db, 'advance', Number(id), scope);
  const daemon = runningDaemon(store.home.root);
  if (daemon) {
    process.stdout.write(`the daemon (pid ${daemon.pid}) drives the runs of this home; nothing to advance\n`);
    return 0;
  }
  const engine = new Engine({ db: store.db, home: store.home });
  const all = (): number[] => (scope ? orphanedRuns(store.db).filter((run) => inScope(scope, run) && engine.claim(run.id)).map((run) => run.id) : engine.adoptOrphans());
  const ids = flag(args, 'all') ? all() : args.positionals.filter((id) => engine.claim(Number(id))).map(Number);
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
