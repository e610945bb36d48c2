/**
 * `tickwork logs RUN [--task T] [--attempt N] [--follow] [--tail N]`
 * Prints attempt output (latest attempt of each task unless --attempt);
 * --follow keeps printing new output, and new attempts, until the run ends.
 */
import fs from 'node:fs';
import { parse, str, flag, int, UsageError } from '../args.js';
import { CliExit, openHomeStore } from '../context.js';
import { getRun } from '../../engine/store/run-store.js';
import { tasksOfRun } from '../../engine/store/task-store.js';
import { attemptsOfTask } from '../../engine/store/attempt-store.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../../engine/store/open-store.js';
import type { AttemptRecord } from '../../../shared/run-model.js';

const FOLLOW_POLL_MS = 200;

/** Runs the command; resolves to the exit code. */
export async function logsCommand(argv: readonly string[]): Promise<number> {
  const args = parse('logs', argv, { task: { type: 'string' }, attempt: { type: 'string' }, follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' } });
  const id = args.positionals[0];
  if (!id || !/^\d+$/.test(id) || args.positionals.length > 1) throw new UsageError('tickwork logs: expected one run id, e.g. tickwork logs 42 --task data');
  const { db } = openHomeStore();
  const runId = Number(id);
  if (!getRun(db, runId)) throw new CliExit(2, [`tickwork logs: no run ${id}`]);
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
    const text = readLog(attempt);
    if (!single) process.stdout.write(`==> ${pipeline} (attempt ${attempt.number}, ${attempt.state}) <==\n`);
    process.stdout.write(tail !== undefined ? lastLines(text, tail) : text);
    offsets.set(attempt.id, Buffer.byteLength(text));
  }
  if (!flag(args, 'follow')) return 0;
  await follow(db, runId, taskName, attemptNumber, offsets, single);
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

async function follow(db: Db, runId: number, taskName: string | undefined, attemptNumber: number | undefined, offsets: Map<number, number>, single: boolean): Promise<void> {
  for (;;) {
    const done = isRunTerminal(getRun(db, runId)!.state);
    for (const { pipeline, attempt } of selectAttempts(db, runId, taskName, attemptNumber)) {
      const known = offsets.get(attempt.id);
      if (known === undefined && !single) process.stdout.write(`==> ${pipeline} (attempt ${attempt.number}) <==\n`);
      const chunk = readFrom(attempt, known ?? 0);
      if (chunk.length) process.stdout.write(single ? chunk : chunk.toString().replace(/^(?=.)/gm, `[${pipeline}] `));
      offsets.set(attempt.id, (known ?? 0) + chunk.length);
    }
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
}

function readLog(attempt: AttemptRecord): string {
  try {
    return fs.readFileSync(attempt.logPath, 'utf8');
  } catch {
    return '';
  }
}

function readFrom(attempt: AttemptRecord, offset: number): Buffer {
  try {
    const fd = fs.openSync(attempt.logPath, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return Buffer.alloc(0);
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      return buffer;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return Buffer.alloc(0);
  }
}

function lastLines(text: string, count: number): string {
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  return lines.slice(-count).join('\n') + (trailing !== undefined ? '\n' : '');
}
