/**
 * `tickwork logs RUN [--task T] [--attempt N] [--follow] [--tail N] [--project DIR]`
 * Prints attempt output (latest attempt of each task unless --attempt);
 * --follow keeps printing new output, and new attempts, until the run ends,
 * then says how it ended on stderr (`run 12 cancelled`).
 */
import { parse, str, flag, int, UsageError } from '../args.js';
import { CliExit, openHomeStore } from '../context.js';
import { projectScope, requireRunInScope } from '../project-scope.js';
import { getRun } from '../../engine/store/run-store.js';
import { tasksOfRun } from '../../engine/store/task-store.js';
import { attemptsOfTask } from '../../engine/store/attempt-store.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../../engine/store/open-store.js';
import type { AttemptRecord } from '../../../shared/run-model.js';
import { isOrphaned } from '../../engine/run/run-owner.js';
import { copyRange, logSize, tailStart, writeOrWait } from '../../engine/util/log-file.js';
import { LogCursor } from '../../engine/util/log-cursor.js';

const FOLLOW_POLL_MS = 200;
/** How long a followed run must be without a live engine before the user is told. */
const ORPHAN_NOTICE_MS = 2000;

/** Options the parser accepts (help.ts describes each). */
export const logsOptions = { task: { type: 'string' }, attempt: { type: 'string' }, follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, project: { type: 'string' } } as const;

/** Runs the command; resolves to the exit code. */
export async function logsCommand(argv: readonly string[]): Promise<number> {
  const args = parse('logs', argv, logsOptions);
  const id = args.positionals[0];
  if (!id || !/^\d+$/.test(id) || args.positionals.length > 1) throw new UsageError('tickwork logs: expected one run id, e.g. tickwork logs 42 --task data');
  const scope = projectScope(str(args, 'project'));
  const { db } = openHomeStore();
  const runId = Number(id);
  requireRunInScope(db, 'logs', runId, scope);
  const taskName = str(args, 'task');
  const tasks = tasksOfRun(db, runId);
  if (taskName && !tasks.some((t) => t.pipeline === taskName)) {
    throw new CliExit(2, [`tickwork logs: run ${id} has no task ${taskName} (tasks: ${tasks.map((t) => t.pipeline).join(', ')})`]);
  }
  const attemptNumber = str(args, 'attempt') !== undefined ? int(args, 'attempt', 1, 'logs') : undefined;
  const tail = str(args, 'tail') !== undefined ? int(args, 'tail', 10, 'logs') : undefined;
  const selected = selectAttempts(db, runId, taskName, attemptNumber);
  if (attemptNumber !== undefined && selected.length === 0) throw new CliExit(2, [`tickwork logs: no attempt ${attemptNumber} in run ${id}${taskName ? ` for ${taskName}` : ''}`]);
  const single = taskName !== undefined;
  const offsets = new Map<number, number>();
  for (const { pipeline, attempt } of selected) {
    if (!single) process.stdout.write(`==> ${pipeline} (attempt ${attempt.number}, ${attempt.state}) <==\n`);
    const size = readableSize(attempt);
    await copyRange(attempt.logPath, tail !== undefined ? tailStart(attempt.logPath, size, tail) : 0, size, process.stdout);
    offsets.set(attempt.id, size);
  }
  if (!flag(args, 'follow')) return 0;
  await follow(db, { runId, taskName, attemptNumber, single }, offsets);
  return 0;
}

interface SelectedAttempt {
  readonly pipeline: string;
  readonly attempt: AttemptRecord;
}

function selectAttempts(db: Db, runId: number, taskName: string | undefined, attemptNumber: number | undefined): SelectedAttempt[] {
  const out: SelectedAttempt[] = [];
  for (const task of tasksOfRun(db, runId)) {
    if (taskName && task.pipeline !== taskName) continue;
    const attempts = attemptsOfTask(db, task.id);
    const chosen = attemptNumber !== undefined ? attempts.find((a) => a.number === attemptNumber) : attempts[attempts.length - 1];
    if (chosen) out.push({ pipeline: task.pipeline, attempt: chosen });
  }
  return out;
}

/** What to follow. */
interface FollowScope {
  readonly runId: number;
  readonly taskName: string | undefined;
  readonly attemptNumber: number | undefined;
  /** One task: raw bytes; several: complete lines, each prefixed with its task. */
  readonly single: boolean;
}

/** Prints new output (and new attempts) until the run ends; says once if the run's engine died meanwhile. */
async function follow(db: Db, scope: FollowScope, offsets: Map<number, number>): Promise<void> {
  const partial = new Map<number, HeldLine>(); // per attempt: the bytes after its last newline (prefixed mode)
  const cursors = new Map<number, LogCursor>();
  let orphanedSince: number | null = null;
  let warned = false;
  for (;;) {
    const run = getRun(db, scope.runId)!;
    const done = isRunTerminal(run.state);
    for (const { pipeline, attempt } of selectAttempts(db, scope.runId, scope.taskName, scope.attemptNumber)) {
      const known = offsets.get(attempt.id);
      if (known === undefined && !scope.single) process.stdout.write(`==> ${pipeline} (attempt ${attempt.number}) <==\n`);
      // A cursor, not a bare offset: a capped log's tail moves when it is cut (log-cursor.ts).
      let cursor = cursors.get(attempt.id);
      if (!cursor) cursors.set(attempt.id, (cursor = new LogCursor(attempt.logPath, known ?? 0)));
      for (let chunk = cursor.read(); chunk.length > 0; chunk = cursor.read()) {
        if (scope.single) await writeOrWait(process.stdout, chunk);
        else await writeOrWait(process.stdout, prefixLines(pipeline, partial, attempt.id, chunk, false));
      }
      offsets.set(attempt.id, cursor.offset);
    }
    if (done) {
      // Every attempt's last line without a newline, a retried one's too (the loop above sees only the latest).
      if (!scope.single) for (const [attemptId, held] of partial) await writeOrWait(process.stdout, prefixLines(held.pipeline, partial, attemptId, Buffer.alloc(0), true));
      // Why following stopped, on stderr: stdout stays the log's bytes (`logs 12 --task t --follow > out.log`).
      process.stderr.write(`run ${run.id} ${run.state}${run.reason ? ` (${run.reason})` : ''}\n`);
      return;
    }
    if (!warned && isOrphaned(run)) {
      orphanedSince ??= Date.now();
      if (Date.now() - orphanedSince >= ORPHAN_NOTICE_MS) {
        warned = true;
        process.stderr.write(`tickwork logs: run ${scope.runId} has no engine (the process driving it was killed); \`tickwork resume\` carries it on. Still following.\n`);
      }
    } else orphanedSince = null;
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
}

/** An attempt's output after its last newline, held until the line completes (prefixed mode). */
interface HeldLine {
  readonly pipeline: string;
  readonly bytes: Buffer;
}

/** Complete lines of `chunk` (after what was held back for this attempt), each prefixed `[pipeline] `; `final` flushes the rest. */
function prefixLines(pipeline: string, partial: Map<number, HeldLine>, attemptId: number, chunk: Buffer, final: boolean): string {
  const bytes = Buffer.concat([partial.get(attemptId)?.bytes ?? Buffer.alloc(0), chunk]);
  const end = final ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
  partial.set(attemptId, { pipeline, bytes: bytes.subarray(end) });
  if (end === 0) return '';
  const text = bytes.subarray(0, end).toString('utf8');
  return text.replace(/^(?=.)/gm, `[${pipeline}] `) + (text.endsWith('\n') ? '' : '\n');
}

/** The log's size now; a log that cannot be read is named on stderr and treated as empty. */
function readableSize(attempt: AttemptRecord): number {
  try {
    return logSize(attempt.logPath);
  } catch (error) {
    process.stderr.write(`tickwork logs: cannot read ${attempt.logPath}: ${(error as Error).message}\n`);
    return 0;
  }
}
