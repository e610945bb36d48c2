/**
 * `tickwork backfill TARGET --from D --to D [--calendar NYSE] [--partition k=v]…
 *  [--param k=v]… [--concurrency N] [--newest-first] [--project DIR] [--json]`
 * One run per partition, resumable, with a live progress bar on a terminal
 * (plain lines otherwise). Ctrl-C cancels the whole backfill.
 */
import { parse, flag, list, str, int, keyValues, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { backfillPartitions } from '../../engine/backfill/backfill-partitions.js';
import { BackfillPlanError, runBackfill, type BackfillProgress } from '../../engine/backfill/backfill.js';
import { engineDriver } from '../../engine/backfill/engine-driver.js';
import { lastEventSeq } from '../../engine/store/event-journal.js';
import { daemonDriver } from '../backfill-via-daemon.js';
import { daemonApi, daemonServes } from '../daemon-client.js';
import { resolveTargets } from '../../engine/plan/index.js';

/** Options the parser accepts (help.ts describes each). */
export const backfillOptions = {
  project: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  calendar: { type: 'string' },
  partition: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'newest-first': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Runs the command; resolves to the exit code (1 when a partition failed or the backfill was cancelled). */
export async function backfillCommand(argv: readonly string[]): Promise<number> {
  const args = parse('backfill', argv, backfillOptions);
  const [target, ...extra] = args.positionals;
  if (!target || extra.length) throw new UsageError('tickwork backfill: name one pipeline or job, e.g. tickwork backfill metrics --from 2024-01-02 --to 2024-03-29');
  const from = str(args, 'from');
  const to = str(args, 'to');
  if (!from || !to) throw new UsageError('tickwork backfill: --from and --to (YYYY-MM-DD) are required');
  const project = loadProjectOrExit(str(args, 'project'));
  const resolved = resolveTargets(project, [target]);
  if (!resolved.ok) throw new CliExit(2, [`tickwork backfill: ${resolved.message}`]);
  const calendar = str(args, 'calendar');
  const partitions = backfillPartitions(project, {
    from,
    to,
    ...(calendar ? { calendar } : {}),
    fixed: keyValues(list(args, 'partition'), 'partition', 'backfill'),
    newestFirst: flag(args, 'newest-first'),
  });
  if (typeof partitions === 'string') throw new CliExit(2, [`tickwork backfill: ${partitions}`]);
  const store = openHomeStore();
  const json = flag(args, 'json');
  const tty = process.stdout.isTTY === true && !json;
  const render = (p: BackfillProgress): void => {
    if (json) return;
    if (tty) process.stdout.write(`\r\u001b[2K${bar(p)}`);
    else if (p.finished) process.stdout.write(`${p.finished.partition}: ${p.finished.state} (run ${p.finished.runId}) — ${done(p)}/${p.total}\n`);
  };
  const params = keyValues(list(args, 'param'), 'param', 'backfill');
  const concurrency = int(args, 'concurrency', 1, 'backfill');
  const api = daemonApi(store.home.root);
  const serves = api !== null && (await daemonServes(api, project.file));
  const driver = serves
    ? daemonDriver({ api: api!, projectFile: project.file, target, params, afterSeq: lastEventSeq(store.db) })
    : engineDriver({ db: store.db, home: store.home, project, target, params });
  const backfill = runBackfill({ db: store.db, project, target, partitions, concurrency, driver, onProgress: render });
  const stop = (): void => void backfill.cancel().catch(() => undefined);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let result;
  try {
    result = await backfill.done;
  } catch (error) {
    // A partition the project cannot plan is the user's to fix (2); losing the daemon is not (1).
    throw new CliExit(error instanceof BackfillPlanError ? 2 : 1, [`${tty ? '\n' : ''}tickwork backfill: ${(error as Error).message}`]);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(`${tty ? '\n' : ''}backfill ${target} ${from}..${to}: ${summary(result)}\n`);
  return result.failed + result.cancelled > 0 ? 1 : 0;
}

function done(p: BackfillProgress): number {
  return p.skipped + p.succeeded + p.failed + p.cancelled;
}

function bar(p: BackfillProgress): string {
  const width = 30;
  const filled = p.total === 0 ? width : Math.round((done(p) / p.total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done(p)}/${p.total}  ${p.running} running  ${p.failed} failed`;
}

function summary(p: BackfillProgress): string {
  const parts = [`${p.succeeded} succeeded`, `${p.skipped} already done`];
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.cancelled) parts.push(`${p.cancelled} cancelled`);
  return `${p.total} partition${p.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
