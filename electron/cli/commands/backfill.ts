/**
 * `tickwork backfill TARGET --from D --to D [--calendar NYSE|none] [--partition k=v]…
 *  [--param k=v]… [--concurrency N] [--newest-first] [--dry-run] [--project DIR] [--json]`
 * One run per partition, resumable, with a live progress bar on a terminal
 * (plain lines otherwise). Ctrl-C cancels the whole backfill. The dates are
 * the trading days of the target schedule's calendar unless --calendar says
 * otherwise; --dry-run lists what would run and what is already done.
 */
import { parse, flag, list, str, int, keyValues, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { backfillPartitions } from '../../engine/backfill/backfill-partitions.js';
import { BackfillPlanError, backfillStatus, runBackfill, type BackfillProgress } from '../../engine/backfill/backfill.js';
import { partitionKey } from '../../engine/store/run-store.js';
import { engineDriver } from '../../engine/backfill/engine-driver.js';
import { lastEventSeq } from '../../engine/store/event-journal.js';
import { daemonDriver } from '../backfill-via-daemon.js';
import { passthroughValues } from '../../engine/run/passthrough-key.js';
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
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Runs the command; resolves to the exit code (1 when a partition failed or the backfill was cancelled). */
export async function backfillCommand(argv: readonly string[]): Promise<number> {
  const args = parse('backfill', argv, backfillOptions);
  const [target, ...extra] = args.positionals;
  if (!target || extra.length) throw new UsageError('tickwork backfill: name one pipeline or job, e.g. tickwork backfill metrics --from 2024-01-02 --to 2024-03-29');
  const from = str(args, 'from');
  const to = str(args, 'to');
  if (!from || !to) throw new UsageError('tickwork backfill: --from and --to are required (YYYY-MM-DD, today, yesterday or last-trading-day)');
  const project = loadProjectOrExit(str(args, 'project'));
  const resolved = resolveTargets(project, [target]);
  if (!resolved.ok) throw new CliExit(2, [`tickwork backfill: ${resolved.message}`]);
  const calendar = str(args, 'calendar');
  const range = backfillPartitions(project, {
    target,
    from,
    to,
    ...(calendar ? { calendar } : {}),
    fixed: keyValues(list(args, 'partition'), 'partition', 'backfill'),
    newestFirst: flag(args, 'newest-first'),
    now: Date.now(),
  });
  if (typeof range === 'string') throw new CliExit(2, [`tickwork backfill: ${range}`]);
  const { partitions } = range;
  const store = openHomeStore();
  const json = flag(args, 'json');
  if (flag(args, 'dry-run')) {
    printDryRun(backfillStatus(store.db, project, target, partitions), { target, from: range.from, to: range.to, calendar: range.calendar, json });
    return 0;
  }
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
    ? daemonDriver({ api: api!, projectFile: project.file, target, params, afterSeq: lastEventSeq(store.db), passthrough: passthroughValues(project, process.env) })
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
  else process.stdout.write(`${tty ? '\n' : ''}backfill ${target} ${range.from}..${range.to}: ${summary(result)}\n`);
  return result.failed + result.cancelled > 0 ? 1 : 0;
}

/** What `--dry-run` prints: every partition that would run, and those skipped as already done. */
function printDryRun(
  status: ReturnType<typeof backfillStatus>,
  shown: { target: string; from: string; to: string; calendar: string | null; json: boolean },
): void {
  const rows = status.map(({ partition, previous }) => ({
    partition: partitionKey(partition),
    action: previous?.state === 'succeeded' ? 'done' : previous && previous.state !== 'failed' && previous.state !== 'cancelled' ? 'adopt' : 'run',
    ...(previous ? { previous_run: previous.id, previous_state: previous.state } : {}),
  }));
  if (shown.json) {
    process.stdout.write(JSON.stringify({ dry_run: true, target: shown.target, calendar: shown.calendar, partitions: rows }) + '\n');
    return;
  }
  const toRun = rows.filter((r) => r.action !== 'done');
  const days = shown.calendar ? `${shown.calendar} trading days` : 'every calendar day';
  const lines = [`dry run: backfill ${shown.target} ${shown.from}..${shown.to} (${days}): ${toRun.length} to run, ${rows.length - toRun.length} already done (nothing will run)`];
  for (const row of rows) {
    const note = row.action === 'done' ? `already done (run ${row.previous_run})` : row.action === 'adopt' ? `unfinished run ${row.previous_run} is carried on` : row.previous_run ? `would run (run ${row.previous_run} ${row.previous_state})` : 'would run';
    lines.push(`  ${row.action === 'done' ? '=' : '+'} ${row.partition}  ${note}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
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
