/**
 * `tickwork run TARGET… [--no-upstream|--only-upstream] [--force] [--dry-run]
 *   [--date D] [--partition k=v]… [--param k=v]… [--wait] [--json] [--project DIR]
 *   [--mode live|local] [--debug]`
 *
 * `--mode local` and `--debug` run in the foreground here (run-local.ts,
 * run-debug.ts, run-mode.ts); live (the default) is the rest of this file.
 *
 * One run per partition the request fans out to (plan-runs.ts): a static key
 * the targets use that `--partition` does not fix gives one run per value.
 * Exit codes: 0 every run succeeded (or, without --wait, was created); 1 a run
 * failed; 2 usage or config error; 3 --wait lost the daemon it followed (the
 * runs carry on).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, flag, str, list, keyValues, UsageError, type Parsed } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore, type Store } from '../context.js';
import type { RunPlan, RunRequest } from '../../engine/run/plan-run.js';
import { planRuns } from '../../engine/run/plan-runs.js';
import { createRuns } from '../../engine/run/create-run.js';
import { newRunOwner, orphanedRuns } from '../../engine/run/run-owner.js';
import { drive } from '../drive.js';
import { progressPrinter } from '../progress.js';
import { humanOutput } from '../line-writer.js';
import { daemonApi } from '../daemon-client.js';
import { runViaDaemon } from '../run-via-daemon.js';
import { triggerEnv } from '../../engine/run/passthrough-key.js';
import { resolveHomeDir } from '../../engine/home.js';
import { followHint, summaryLine } from '../run-summary.js';
import { runHeader, runLabels } from '../run-header.js';
import { lastEventSeq } from '../../engine/store/event-journal.js';
import { getRun } from '../../engine/store/run-store.js';
import { taskOutlineOfRun } from '../../engine/store/task-store.js';
import { notesOfRun } from '../../engine/store/run-notes.js';
import { runWithTasksJson } from '../run-json.js';
import { failedTaskOutput } from '../../engine/run/failure-output.js';
import { maskedTask } from '../../engine/run/masked-task.js';
import { cacheDecisions } from '../../engine/run/cache-decision.js';
import { whyTasksRun, whyText, type TaskWhy } from '../../engine/run/why-runs.js';
import { openStore } from '../../engine/store/open-store.js';
import { redactRecord } from '../../../shared/secrets.js';
import type { Selection } from '../../../shared/run-model.js';
import { createExecutor } from '../../engine/exec/executor-choice.js';
import type { Executor } from '../../engine/exec/local-executor.js';
import { runModeOf } from '../run-mode.js';
import { runLocalCommand } from '../run-local.js';
import { runDebugCommand } from '../run-debug.js';

/** Options the parser accepts (help.ts describes each). */
export const runOptions = {
  project: { type: 'string' },
  'no-upstream': { type: 'boolean' },
  'only-upstream': { type: 'boolean' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  date: { type: 'string' },
  partition: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  wait: { type: 'boolean' },
  json: { type: 'boolean' },
  mode: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

/** Runs the command; resolves to the exit code. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parse('run', argv, runOptions);
  if (!flag(args, 'wait') || flag(args, 'dry-run')) return runOrPlan(args, null);
  // --wait drives the run here: the launcher shell starts while the project loads.
  const executor = createExecutor();
  executor.warmUp?.();
  try {
    return await runOrPlan(args, executor);
  } finally {
    executor.dispose(); // a no-op once the engine went idle; else (an error, a daemon) the shell exits now
  }
}

/** The command after its arguments parsed; `executor` launches attempts when the run is driven here. */
async function runOrPlan(args: Parsed, executor: Executor | null): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('tickwork run: name at least one pipeline or job to run');
  if (flag(args, 'no-upstream') && flag(args, 'only-upstream')) {
    throw new UsageError('tickwork run: --no-upstream and --only-upstream exclude each other');
  }
  const selection: Selection = flag(args, 'no-upstream') ? 'no_upstream' : flag(args, 'only-upstream') ? 'only_upstream' : 'upstream';
  const mode = runModeOf(args);
  const project = loadProjectOrExit(str(args, 'project'));
  const date = str(args, 'date');
  const request: Omit<RunRequest, 'idempotencyKey'> = {
    targets: args.positionals,
    selection,
    force: flag(args, 'force'),
    ...(date !== undefined ? { date } : {}),
    partition: keyValues(list(args, 'partition'), 'partition', 'run'),
    params: keyValues(list(args, 'param'), 'param', 'run'),
    trigger: 'cli',
    // This shell's env_passthrough values (README: Environment rule), the same with or without a daemon.
    env: triggerEnv(flag(args, 'dry-run') ? null : resolveHomeDir(), project, process.env),
  };
  // Local mode plans and drives its runs over a store in memory (run-local.ts).
  if (mode === 'local' && !flag(args, 'dry-run')) return runLocalCommand(project, request, { json: flag(args, 'json'), executor, printCreated });
  const planned = planRuns(project, request, Date.now());
  if (!planned.ok) throw new CliExit(2, [`tickwork run: ${planned.message}`]);
  const json = flag(args, 'json');
  if (flag(args, 'dry-run')) {
    const whys = dryRunWhys(planned.plans);
    for (const [i, plan] of planned.plans.entries()) printDryRun(plan, whys[i]!, json);
    return 0;
  }
  if (mode === 'debug') return runDebugCommand(planned.plans, { passthrough: request.env?.values ?? {}, printCreated });
  const store = openHomeStore();
  const failureOutput = (id: number, pipeline: string): string[] => failedTaskOutput(store.db, id, pipeline);
  const api = daemonApi(store.home.root);
  if (api) {
    const code = await runViaDaemon(api, { request, projectFile: project.file, wait: flag(args, 'wait'), json, afterSeq: lastEventSeq(store.db), failureOutput });
    if (code !== null) return code;
  }
  const wait = flag(args, 'wait');
  // --wait: this process drives the run, so it owns it from its first commit on (no other engine adopts it first).
  const owner = wait ? newRunOwner() : undefined;
  const created = createRuns(store.db, planned.plans, Date.now(), owner);
  if (!created.ok) {
    // overlap: skip — not an error: the run the user asked for is already under way.
    process.stdout.write(json ? JSON.stringify({ skipped: true, reason: created.skipped }) + '\n' : `${created.skipped}\n`);
    return 0;
  }
  const runIds = created.runs.map((r) => r.runId);
  const say = humanOutput(json);
  for (const [i, run] of created.runs.entries()) printCreated(store, say, planned.plans[i]!, run.runId, run.cancelled);
  if (!owner) {
    startBackgroundEngine(store.home.logs);
    if (json) for (const id of runIds) process.stdout.write(JSON.stringify(runWithTasksJson(store.db, getRun(store.db, id)!)) + '\n');
    else say(`running in the background; ${followHint(runIds)}`);
    say.flush();
    return 0;
  }
  // Runs whose engine died are carried on by a background engine, so this command ends with its own runs.
  if (orphanedRuns(store.db, owner).length > 0) startBackgroundEngine(store.home.logs);
  await drive({
    store,
    owner,
    adoptOrphans: false,
    ...(executor ? { executor } : {}),
    created: created.runs.map((run) => ({ runId: run.runId, cancelled: run.cancelled, ...(run.specs ? { specs: run.specs } : {}) })),
    onEvent: progressPrinter(say, { failureOutput, labels: runLabels(created.runs.map((run, i) => ({ id: run.runId, partition: planned.plans[i]!.run.partition }))) }),
    onInterrupt: (ids) => process.stderr.write(`\n${interruptedMessage(ids)}\n`),
  });
  say.flush();
  const runs = runIds.map((id) => getRun(store.db, id)!);
  if (json) for (const run of runs) process.stdout.write(JSON.stringify(runWithTasksJson(store.db, run)) + '\n');
  else if (runs.length > 1) {
    say(summaryLine(runs));
    say.flush();
  }
  return runs.every((run) => run.state === 'succeeded') ? 0 : 1;
}

/** What Ctrl-C left behind and the commands that carry each run on or stop it, by id. */
function interruptedMessage(ids: readonly number[]): string {
  const one = ids.length === 1;
  const cancels = ids.map((id) => `\`tickwork cancel ${id}\``).join(', ');
  return `interrupted: attempts keep running; \`tickwork resume\` carries run${one ? '' : 's'} ${ids.join(', ')} on, ${cancels} stop${one ? 's it' : ' them'}`;
}

/** The lines that announce one new run: its tasks and partition, what was reused, what waits outside it. */
function printCreated(store: Store, say: (line: string) => void, plan: RunPlan, runId: number, cancelled: readonly number[]): void {
  for (const id of cancelled) say(`run ${id} cancelled: superseded by run ${runId} (overlap: cancel_previous)`);
  const tasks = taskOutlineOfRun(store.db, runId);
  say(runHeader(runId, tasks.map((t) => t.pipeline), plan.run.partition));
  for (const task of tasks) {
    if (task.state === 'cached') say(`  = ${task.pipeline} reused: ${task.reason}`);
    if (task.state === 'upstream_failed') say(`  ⊘ ${task.pipeline} not run: ${task.reason}`);
  }
  // What the run's creation noted: the upstream results --no-upstream tasks use, earlier results not reused because their outputs are gone.
  const notes = notesOfRun(store.db, runId);
  for (const note of notes) say(`  · ${note.pipeline}: ${note.message}`);
  for (const task of plan.tasks) {
    const chosen = new Set(notes.flatMap((note) => (note.note === 'upstream' && note.pipeline === task.pipeline ? [note.upstream] : [])));
    const outside = (task.spec.externalUpstream ?? []).filter((upstream) => !chosen.has(upstream));
    if (outside.length) say(`  ⧗ ${task.pipeline} starts once ${outside.join(', ')} ${outside.length === 1 ? 'has a result' : 'have results'} for ${plan.run.partition.date} or earlier (--no-upstream)`);
  }
}

/** Starts a detached engine process that drives every unowned run to the end. */
export function startBackgroundEngine(logsDir: string): void {
  const out = fs.openSync(path.join(logsDir, 'engine.log'), 'a');
  const child = spawn(process.execPath, [process.argv[1]!, '__engine'], { detached: true, stdio: ['ignore', out, out], env: process.env });
  fs.closeSync(out);
  child.unref();
}

function describeKeys(plan: RunPlan): string {
  const extra = Object.entries(plan.run.partition).filter(([k]) => k !== 'date');
  return extra.map(([k, v]) => `, ${k}=${v}`).join('');
}

/** Why each task of each plan would run or be reused, against this home's history (none yet: an empty store, nothing created). */
function dryRunWhys(plans: readonly RunPlan[]): Array<Map<string, TaskWhy>> {
  const database = path.join(resolveHomeDir(), 'tickwork.db');
  const db = fs.existsSync(database) ? openHomeStore().db : openStore(':memory:');
  try {
    return plans.map((plan) => whyTasksRun(db, plan, cacheDecisions(db, plan)));
  } finally {
    db.close();
  }
}

function printDryRun(plan: RunPlan, whys: ReadonlyMap<string, TaskWhy>, json: boolean): void {
  const steps = plan.tasks.map((task, index) => {
    // Secrets are masked by name, and by value wherever they were pasted into the command, cwd or other variables.
    const masked = maskedTask(plan.run, task.pipeline, task.spec);
    return { index: index + 1, task, rendered: { command: { kind: masked.kind }, cwd: masked.cwd }, command: masked.command, configEnv: masked.env };
  });
  if (json) {
    const out = {
      dry_run: true,
      targets: plan.run.targets,
      selection: plan.run.selection,
      partition: plan.run.partition,
      params: redactRecord(plan.run.params),
      pools: plan.run.pools,
      tasks: steps.map((s) => ({
        order: s.index,
        pipeline: s.task.pipeline,
        upstream: s.task.upstream,
        external_upstream: s.task.externalUpstream,
        pool: s.task.spec.pool,
        priority: s.task.spec.priority,
        command: s.command,
        shell: s.rendered.command.kind === 'shell',
        cwd: s.rendered.cwd,
        env: s.configEnv,
        env_passthrough: passthroughShown(s.task.spec),
        timeout_ms: s.task.spec.timeoutMs,
        retries: s.task.spec.retries,
        action: whys.get(s.task.pipeline)!.action,
        why: whys.get(s.task.pipeline)!.reasons.map((r) => r.text),
      })),
    };
    process.stdout.write(JSON.stringify(out) + '\n'); // one line per run, like every --json of run
    return;
  }
  const lines = [`dry run: ${plan.tasks.length} task${plan.tasks.length === 1 ? '' : 's'} for ${plan.run.partition.date}${describeKeys(plan)} (nothing will run)`];
  for (const s of steps) {
    const shown = Array.isArray(s.command) ? s.command.map(quoteArg).join(' ') : `sh -c ${quoteArg(s.command as string)}`;
    const after = s.task.upstream.length ? ` after ${s.task.upstream.join(', ')}` : '';
    const external = s.task.externalUpstream.length ? ` uses latest ${s.task.externalUpstream.join(', ')}` : '';
    lines.push(`${String(s.index).padStart(3)}. ${s.task.pipeline}  [pool ${s.task.spec.pool} (${plan.run.pools[s.task.spec.pool] ?? 1}), priority ${s.task.spec.priority}]${after}${external}`);
    lines.push(`       $ ${shown}`);
    lines.push(`       cwd ${s.rendered.cwd}`);
    for (const [k, v] of Object.entries(s.configEnv)) lines.push(`       env ${k}=${v}`);
    const passed = passthroughShown(s.task.spec);
    if (passed) lines.push(`       env_passthrough ${passed.patterns.join(', ')} (set here: ${passed.set.join(', ') || 'none'})`);
    lines.push(`       ${whyText(whys.get(s.task.pipeline)!)}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** A task's env_passthrough for --dry-run: its names, and which of them this shell sets (never their values). */
function passthroughShown(spec: RunPlan['tasks'][number]['spec']): { patterns: readonly string[]; set: readonly string[] } | null {
  return spec.passthrough ? { patterns: spec.envPassthrough ?? [], set: spec.passthrough.names } : null;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
