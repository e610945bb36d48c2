/**
 * `tickwork run --debug`: each run is created in the home's store with
 * trigger `debug` and driven here by the debug loop (engine/run/debug-run.ts):
 * one task at a time, attached to this terminal. Tickwork's own lines go to
 * stderr, so a step's stdout stays its own. The first failure stops it,
 * printing how to reproduce the failed command by hand. Exit 0 when every run
 * succeeded, 1 when a task failed, 130 when interrupted.
 */
import type { RunPlan } from '../engine/run/plan-run.js';
import { createRuns } from '../engine/run/create-run.js';
import { newRunOwner } from '../engine/run/run-owner.js';
import { DebugRun, type DebugTaskEvent, type Reproduction, type ShownCommand } from '../engine/run/debug-run.js';
import { formatMs } from '../../shared/durations.js';
import { openHomeStore, type Store } from './context.js';

/** What the debug command needs from `run`. */
export interface DebugCommandOptions {
  /** The trigger's env_passthrough values the plans were made with. */
  readonly passthrough: Readonly<Record<string, string>>;
  /** `run`'s lines announcing a created run (its header, what it reuses, its notes). */
  readonly printCreated: (store: Store, say: (line: string) => void, plan: RunPlan, runId: number, cancelled: readonly number[]) => void;
}

/** Creates the runs of `plans` as debug runs and drives them one task at a time; resolves to the exit code. */
export async function runDebugCommand(plans: readonly RunPlan[], options: DebugCommandOptions): Promise<number> {
  const store = openHomeStore();
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  const debugPlans = plans.map((plan) => ({ ...plan, run: { ...plan.run, trigger: 'debug' as const } }));
  // Owned by this process from the first commit on: neither the daemon nor a background engine takes a debug run.
  const created = createRuns(store.db, debugPlans, Date.now(), newRunOwner());
  if (!created.ok) {
    say(created.skipped);
    return 0;
  }
  for (const [i, { runId }] of created.runs.entries()) {
    options.printCreated(store, say, debugPlans[i]!, runId, created.runs[i]!.cancelled);
    const debug = new DebugRun({ db: store.db, home: store.home, runId, passthrough: options.passthrough, onTask: (event) => say(taskLine(event)) });
    const stop = (): void => debug.interrupt();
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
    const outcome = await debug.run().finally(() => {
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGHUP', stop);
    });
    if (outcome.state === 'succeeded') {
      say(`run ${runId} succeeded`);
      continue;
    }
    if (outcome.state === 'cancelled') {
      say(`run ${runId} cancelled (interrupted)`);
      return 130;
    }
    for (const line of reproductionLines(outcome.failure)) say(line);
    say(`run ${runId} failed: stopped at ${outcome.failure.pipeline}; the tasks after it did not run`);
    return 1;
  }
  return 0;
}

/** One line per task event. */
function taskLine(event: DebugTaskEvent): string {
  switch (event.kind) {
    case 'start':
      return `  ▶ ${event.pipeline}  $ ${commandText(event.command)}`;
    case 'end':
      if (event.state === 'succeeded') return `  ✓ ${event.pipeline} ${formatMs(event.ms)}`;
      return `  ${event.state === 'failed' ? '✗' : '⊘'} ${event.pipeline} ${formatMs(event.ms)}: ${event.reason ?? event.state}`;
  }
}

/** How to run the failed command again by hand: the command, its cwd and the variables Tickwork set (names, never values). */
export function reproductionLines(failure: Reproduction): string[] {
  return [
    `to reproduce ${failure.pipeline} (${failure.reason}):`,
    `  cd ${shellWord(failure.cwd)}`,
    `  ${commandText(failure.command)}`,
    `  environment set by Tickwork (names only, values not shown): ${failure.envNames.join(' ')}`,
    `  and from this shell: ${failure.baseNames.join(' ') || 'nothing'}`,
  ];
}

/** A command as one line a shell would run: argv words quoted where needed, a script as `sh -c '…'`. */
function commandText(command: ShownCommand): string {
  return command.kind === 'argv' ? command.argv.map(shellWord).join(' ') : `sh -c ${shellWord(command.script)}`;
}

/** A word for sh: as it is when that is safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
