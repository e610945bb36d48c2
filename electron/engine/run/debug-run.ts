/**
 * Debug mode (`tickwork run --debug`): one process, one loop. The tasks of a
 * run (created in the home's store with trigger `debug`, owned by this
 * process so no other engine takes it) run one at a time in dependency order
 * in the foreground, each attached to the caller's terminal (stdin, stdout
 * and stderr inherited), so `breakpoint()`, `pdb` or `read` in a step just
 * works. Per task:
 *
 *   cached (reused at creation, by the live rule) ─► skipped here
 *   pending ─► ready ─► running ─► child exits ─► succeeded | failed | cancelled
 *
 * A success is judged as in a live run: exit 0, its declared outputs there
 * and its datasets published (TICKWORK_OUTPUT_* / INPUT_* as usual). There
 * are no retries, no on_error rules, no timeouts (a person may sit in a
 * debugger) and no wait_for gates; an upstream outside the run
 * (--no-upstream) must already have a result. The first failure stops the
 * loop: the tasks not run yet become `cancelled` and the run `failed`, and
 * what failed comes back with the exact command, cwd and the names (never
 * the values) of the variables Tickwork set, to reproduce it by hand.
 * Output goes to the terminal only: each attempt's log holds one line saying so.
 *
 * While a child runs, SIGINT is the child's (the terminal sends it to both:
 * pdb breaks on it); this process ignores it and, if the child dies of it,
 * records the task and run `cancelled`. `interrupt()` (SIGTERM, SIGHUP) stops
 * the child and does the same.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandSpec } from '../../../shared/config-model.js';
import type { RunRecord, TaskRunRecord } from '../../../shared/run-model.js';
import { isTaskTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { getRun, setRunState } from '../store/run-store.js';
import { setTaskState, tasksOfRun } from '../store/task-store.js';
import { finishAttempt, insertAttempt } from '../store/attempt-store.js';
import { recordLakePartition } from '../store/lake-store.js';
import { inTransaction } from '../store/statements.js';
import { attemptLogPath } from '../exec/attempt-files.js';
import { attemptVariables, taskEnvironment } from '../exec/task-env.js';
import { discardAttempt, prepareLakeVariables, publishAttempt, type LakeAttempt } from '../lake/attempt-lake.js';
import { attemptOnlyVariables, renderTask } from './render-task.js';
import { attemptContext, chooseUpstream } from './upstream-choice.js';
import { missingOutputs, outputsMissingMessage } from './declared-outputs.js';
import { secretValues, redactText } from '../../../shared/secrets.js';

/** What the loop needs: the home's store, the run to drive and the passed-through values it was planned with. */
export interface DebugRunInput {
  readonly db: Db;
  readonly home: HomePaths;
  readonly runId: number;
  readonly passthrough: Readonly<Record<string, string>>;
  /** Told as each task starts or ends (for the caller's lines). */
  readonly onTask?: (event: DebugTaskEvent) => void;
  /** Default Date.now. */
  readonly now?: () => number;
}

/** A task starting or ended. */
export type DebugTaskEvent =
  | { readonly kind: 'start'; readonly pipeline: string; readonly command: ShownCommand; readonly cwd: string }
  | { readonly kind: 'end'; readonly pipeline: string; readonly state: 'succeeded' | 'failed' | 'cancelled'; readonly reason: string | null; readonly ms: number };

/** A command as a person may see it: argv or a shell script, secrets masked. */
export type ShownCommand = { readonly kind: 'argv'; readonly argv: readonly string[] } | { readonly kind: 'shell'; readonly script: string };

/** How to reproduce a failed task by hand: its command, where it ran, which variables Tickwork set (names only). */
export interface Reproduction {
  readonly pipeline: string;
  readonly reason: string;
  readonly command: ShownCommand;
  readonly cwd: string;
  /** Names of the variables Tickwork set over the base environment (config env, passed-through, TICKWORK_*), sorted. */
  readonly envNames: readonly string[];
  /** Names of the base variables taken from this process (PATH, HOME, …) that were set. */
  readonly baseNames: readonly string[];
}

/** How the debug run ended. */
export type DebugOutcome =
  | { readonly state: 'succeeded' }
  | { readonly state: 'failed'; readonly failure: Reproduction }
  | { readonly state: 'cancelled'; readonly pipeline: string | null };

/** A debug loop over one created run; see the file comment. */
export class DebugRun {
  private child: ReturnType<typeof spawn> | null = null;
  private interrupted = false;
  private readonly now: () => number;

  constructor(private readonly input: DebugRunInput) {
    this.now = input.now ?? Date.now;
  }

  /** Stops the running child (SIGTERM) and the loop: the run ends `cancelled`. */
  interrupt(): void {
    this.interrupted = true;
    this.child?.kill('SIGTERM');
  }

  /** Runs the tasks one at a time; resolves with how the run ended (also recorded in the store). */
  async run(): Promise<DebugOutcome> {
    const { db, runId } = this.input;
    const run = getRun(db, runId)!;
    if (run.state === 'queued') setRunState(db, runId, 'queued', 'running', this.now());
    fs.mkdirSync(path.join(this.input.home.logs, String(runId)), { recursive: true });
    const tasks = tasksOfRun(db, runId).sort((a, b) => a.topoIndex - b.topoIndex);
    for (const task of tasks) {
      if (isTaskTerminal(task.state)) continue; // reused (cached) when the run was created
      if (this.interrupted) return this.finish(run, tasks, { state: 'cancelled', pipeline: null });
      const outcome = await this.runTask(run, task);
      if (outcome.state !== 'succeeded') return this.finish(run, tasks, outcome);
    }
    setRunState(db, runId, 'running', 'succeeded', this.now());
    return { state: 'succeeded' };
  }

  /** Runs one task's single attempt attached to the terminal and records how it ended. */
  private async runTask(run: RunRecord, task: TaskRunRecord): Promise<DebugOutcome> {
    const { db, home } = this.input;
    const startedAt = this.now();
    const logPath = attemptLogPath(home.logs, run.id, task.pipeline, 1);
    const attemptId = inTransaction(db, () => {
      setTaskState(db, task, task.state, 'ready', startedAt);
      setTaskState(db, task, 'ready', 'running', startedAt, { attempts: 1, data: { attempt: 1 } });
      return insertAttempt(db, { taskRunId: task.id, runId: run.id, number: 1, logPath }, startedAt);
    });
    fs.writeFileSync(logPath, `tickwork: debug run: this attempt's output went to the terminal\n`);
    const lakeAttempt: LakeAttempt = { db, run, task, attempt: 1, homeRoot: home.root };
    const looked = chooseUpstream(db, run, task, startedAt);
    const rendered = renderTask(task.spec, attemptContext(db, run, task, 1));
    const variables = attemptVariables(
      task.spec,
      this.input.passthrough,
      { ...rendered.env, ...attemptOnlyVariables(task.spec, run.params, 'debug'), ...prepareLakeVariables(lakeAttempt) },
      home.root,
    );
    const env = taskEnvironment(process.env, variables);
    const shown = shownCommand(rendered.command, secretValues(variables, run.params));
    const cwd = redactText(rendered.cwd, secretValues(variables, run.params));
    const reproduction = (reason: string): Reproduction => ({
      pipeline: task.pipeline,
      reason,
      command: shown,
      cwd,
      envNames: Object.keys(variables).sort(),
      baseNames: Object.keys(env).filter((name) => !(name in variables)).sort(),
    });
    this.input.onTask?.({ kind: 'start', pipeline: task.pipeline, command: shown, cwd });
    const ended = looked.missing.length
      ? { kind: 'not_started' as const, reason: `no result of ${looked.missing.join(', ')} yet (--no-upstream): run it first` }
      : await this.spawnAttached(rendered.command, rendered.cwd, env);
    const judged = this.judge(task, lakeAttempt, ended, run);
    const finishedAt = this.now();
    inTransaction(db, () => {
      if (judged.state === 'succeeded') for (const row of judged.rows) recordLakePartition(db, row);
      finishAttempt(db, { id: attemptId, taskRunId: task.id, runId: run.id }, judged.state, { exitCode: judged.exitCode, signal: judged.signal, error: judged.state === 'succeeded' ? null : judged.reason }, finishedAt);
      setTaskState(db, task, 'running', judged.state, finishedAt, { reason: judged.state === 'succeeded' ? null : judged.reason, data: { attempt: 1 } });
    });
    this.input.onTask?.({ kind: 'end', pipeline: task.pipeline, state: judged.state, reason: judged.state === 'succeeded' ? null : judged.reason, ms: finishedAt - startedAt });
    if (judged.state === 'succeeded') return { state: 'succeeded' };
    if (judged.state === 'cancelled') return { state: 'cancelled', pipeline: task.pipeline };
    return { state: 'failed', failure: reproduction(judged.reason) };
  }

  /** Starts the command with the terminal attached; resolves when it ends. SIGINT meanwhile is the child's alone. */
  private spawnAttached(command: CommandSpec, cwd: string, env: Record<string, string>): Promise<ChildEnd> {
    if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) return Promise.resolve({ kind: 'not_started', reason: `working directory ${cwd} does not exist` });
    const [file, args] = command.kind === 'argv' ? [command.argv[0] ?? '', command.argv.slice(1)] : ['/bin/sh', ['-c', command.script]];
    if (file === '') return Promise.resolve({ kind: 'not_started', reason: 'the command is empty' });
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    return new Promise<ChildEnd>((resolve) => {
      const child = spawn(file, args, { cwd, env, stdio: 'inherit' });
      this.child = child;
      child.once('error', (error) => {
        const code = (error as NodeJS.ErrnoException).code;
        resolve({ kind: 'not_started', reason: code === 'ENOENT' ? `command not found: ${file}` : `could not start ${file}: ${error.message}` });
      });
      child.once('exit', (code, signal) => resolve(code !== null ? { kind: 'exited', code } : { kind: 'signalled', signal: signal ?? 'unknown' }));
    }).finally(() => {
      this.child = null;
      process.removeListener('SIGINT', ignore);
    });
  }

  /** The task's outcome: a clean exit 0 with its outputs and datasets in place succeeds; SIGINT or an interrupt cancels; the rest fails. */
  private judge(task: TaskRunRecord, at: LakeAttempt, end: ChildEnd, run: RunRecord): Judged {
    const exitCode = end.kind === 'exited' ? end.code : null;
    const signal = end.kind === 'signalled' ? end.signal : null;
    const fail = (reason: string, state: 'failed' | 'cancelled' = 'failed'): Judged => {
      discardAttempt(at);
      return { state, reason, exitCode, signal };
    };
    if (end.kind === 'not_started') return fail(end.reason);
    if (this.interrupted || signal === 'SIGINT') return fail('cancelled: interrupted', 'cancelled');
    if (end.kind === 'signalled') return fail(`killed by ${end.signal}`);
    if (end.code !== 0) return fail(`exit ${end.code}`);
    const missing = missingOutputs(task.spec.outputs ?? [], attemptContext(this.input.db, run, task, 1), path.dirname(run.projectFile));
    if (missing.length) return fail(outputsMissingMessage(missing));
    try {
      const lake = publishAttempt(at, this.now());
      if (!lake.ok) return fail(lake.reason);
      return { state: 'succeeded', rows: lake.rows, exitCode, signal };
    } catch (error) {
      return fail(`publishing its datasets failed: ${(error as Error).message}`);
    }
  }

  /** Ends the run after a failure or an interrupt: tasks not run become cancelled, the run failed or cancelled. */
  private finish(run: RunRecord, tasks: readonly TaskRunRecord[], outcome: Exclude<DebugOutcome, { state: 'succeeded' }>): DebugOutcome {
    const { db } = this.input;
    const now = this.now();
    const stoppedAt = outcome.state === 'failed' ? outcome.failure.pipeline : outcome.pipeline;
    const why = stoppedAt ? `not run: the debug run stopped at ${stoppedAt}` : 'not run: the debug run was interrupted';
    inTransaction(db, () => {
      const current = new Map(tasksOfRun(db, run.id).map((t) => [t.id, t.state]));
      for (const task of tasks) {
        const state = current.get(task.id)!;
        if (!isTaskTerminal(state)) setTaskState(db, task, state, 'cancelled', now, { reason: why });
      }
      const to = outcome.state === 'failed' ? 'failed' : 'cancelled';
      setRunState(db, run.id, 'running', to, now, outcome.state === 'failed' ? `failed: ${outcome.failure.pipeline}` : 'interrupted');
    });
    return outcome;
  }
}

/** How a child ended, or why it never started. */
type ChildEnd =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signalled'; readonly signal: string }
  | { readonly kind: 'not_started'; readonly reason: string };

/** A judged attempt: what it becomes and what it published. */
type Judged =
  | { readonly state: 'succeeded'; readonly rows: Extract<ReturnType<typeof publishAttempt>, { ok: true }>['rows']; readonly exitCode: number | null; readonly signal: string | null }
  | { readonly state: 'failed' | 'cancelled'; readonly reason: string; readonly exitCode: number | null; readonly signal: string | null };

/** The command with secret values masked. */
function shownCommand(command: CommandSpec, secrets: readonly string[]): ShownCommand {
  return command.kind === 'argv' ? { kind: 'argv', argv: command.argv.map((arg) => redactText(arg, secrets)) } : { kind: 'shell', script: redactText(command.script, secrets) };
}
