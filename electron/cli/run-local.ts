/**
 * `tickwork run --mode local`: the runs execute in this process over an
 * in-memory store (engine/run/local-mode.ts), printed like `run --wait`
 * with each run called `local run N` (its id lives only as long as the
 * command). Ctrl-C stops the tasks (SIGTERM, SIGKILL after kill_grace; nothing
 * of theirs is published) and exits 130. Exit 0 when every run succeeded, 1
 * otherwise, 2 for a request that cannot be planned.
 */
import type { ProjectConfig } from '../../shared/config-model.js';
import type { RunPlan } from '../engine/run/plan-run.js';
import { runLocal, type LocalRunRequest } from '../engine/run/local-mode.js';
import type { Db } from '../engine/store/open-store.js';
import { createExecutor } from '../engine/exec/executor-choice.js';
import type { Executor } from '../engine/exec/local-executor.js';
import { failedTaskOutput } from '../engine/run/failure-output.js';
import { resolveHomeDir } from '../engine/home.js';
import { CliExit, type Store } from './context.js';
import { humanOutput, type LineWriter } from './line-writer.js';
import { progressPrinter } from './progress.js';
import { runLabels } from './run-header.js';
import { runJson } from './run-json.js';
import { summaryLine } from './run-summary.js';

/** What the local command needs from `run`. */
export interface LocalCommandOptions {
  readonly json: boolean;
  /** A launcher already warming up (run --wait), else one is made here. */
  readonly executor: Executor | null;
  /** `run`'s lines announcing a created run (its header, what it reuses, its notes). */
  readonly printCreated: (store: Store, say: (line: string) => void, plan: RunPlan, runId: number, cancelled: readonly number[]) => void;
}

/** Runs the request in local mode and prints its progress; resolves to the exit code. */
export async function runLocalCommand(project: ProjectConfig, request: LocalRunRequest, options: LocalCommandOptions): Promise<number> {
  const executor = options.executor ?? createExecutor();
  if (!options.executor) executor.warmUp?.();
  const homeRoot = resolveHomeDir();
  const say = localLines(humanOutput(options.json));
  const abort = new AbortController();
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    process.stderr.write('\ninterrupted: stopping the local run\'s tasks (nothing of theirs is published)\n');
    abort.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let printer: ReturnType<typeof progressPrinter> | null = null;
  try {
    const result = await runLocal(project, request, {
      homeRoot,
      executor,
      signal: abort.signal,
      onCreated: (db, runs) => {
        const store: Store = { db, home: { root: homeRoot, database: ':memory:', logs: '' } };
        for (const run of runs) options.printCreated(store, say, run.plan, run.runId, []);
        printer = progressPrinter(say, {
          failureOutput: (id, pipeline) => failedTaskOutput(db, id, pipeline),
          labels: runLabels(runs.map((run) => ({ id: run.runId, partition: run.plan.run.partition }))),
        });
      },
      onEvent: (event, _db: Db) => printer?.(event),
    });
    if (!result.ok) throw new CliExit(2, [`tickwork run: ${result.message}`]);
    if (options.json) for (const { run, tasks } of result.runs) process.stdout.write(`${JSON.stringify({ ...runJson(run, tasks), mode: 'local' })}\n`);
    else if (result.runs.length > 1) say(summaryLine(result.runs.map(({ run }) => run)));
    if (result.logsDir) say(`logs of this local run (its store is gone): ${result.logsDir}`);
    say.flush();
    if (interrupted) return 130;
    return result.runs.every(({ run }) => run.state === 'succeeded') ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    if (!options.executor) executor.dispose();
  }
}

/** `say` with each run called `local run N` (header and progress lines start `run N`). */
function localLines(say: LineWriter): LineWriter {
  const write = (line: string): void => say(line.replace(/^run(s?) (\d)/, 'local run$1 $2'));
  return Object.assign(write, { flush: () => say.flush() });
}
