/**
 * The `tickwork` command: dispatches to one module per subcommand. Errors a
 * user can cause exit 2 with a message (never a stack trace); a failed run
 * exits 1.
 */
import { UsageError } from './args.js';
import { CliExit } from './context.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { resumeCommand, backgroundEngineCommand } from './commands/resume.js';
import { cancelCommand } from './commands/cancel.js';
import { runsCommand } from './commands/runs.js';
import { statusCommand } from './commands/status.js';
import { logsCommand } from './commands/logs.js';
import { graphCommand } from './commands/graph.js';
import { scheduleCommand } from './commands/schedule.js';
import { upCommand, downCommand } from './commands/up.js';
import { ensureCommand, advanceCommand } from './commands/ensure.js';
import { backfillCommand } from './commands/backfill.js';
import { healthCommand } from './commands/health.js';
import { alertsCommand } from './commands/alerts.js';
import { initCommand } from './commands/init.js';

const COMMANDS: Record<string, (argv: readonly string[]) => Promise<number>> = {
  run: runCommand,
  validate: validateCommand,
  resume: resumeCommand,
  cancel: cancelCommand,
  runs: runsCommand,
  status: statusCommand,
  logs: logsCommand,
  graph: graphCommand,
  schedule: scheduleCommand,
  ensure: ensureCommand,
  backfill: backfillCommand,
  health: healthCommand,
  alerts: alertsCommand,
  init: initCommand,
  advance: advanceCommand,
  up: upCommand,
  down: downCommand,
  __engine: () => backgroundEngineCommand(),
};

const HELP = `tickwork — schedule, run and watch data pipelines

usage: tickwork <command> [options]

  run TARGET…      run pipelines or jobs (and their upstream)
                   --no-upstream | --only-upstream  --force  --dry-run
                   --date YYYY-MM-DD  --partition k=v  --param k=v  --wait  --json
  validate         check tickwork.yaml; problems as FILE:LINE:COL: field: message
  runs             recent runs  [--pipeline P] [--state S] [--limit N] [--json]
  status           per pipeline: last run, state, duration, next action  [--json]
  logs RUN         attempt output  [--task T] [--attempt N] [--follow] [--tail N]
  health           scheduler, store, disk, memory, per-pipeline health  [--json]
  alerts           open alerts (failed, stale, failing often, long, stuck)  [--all] [--limit N] [--json]
  graph            the pipeline DAG  [--format text|dot|json]
  schedule         next fire times of scheduled pipelines and jobs  [--next N] [--json]
  cancel RUN       stop a run and its processes
  resume           carry on runs whose engine died
  backfill T       one run per partition  --from D --to D [--calendar NYSE] [--concurrency N]
  ensure [T…]      one run per partition  --date D [--partition k=v] [--data-ready]
  advance --all    move every active run as far as it can go now
  up               run the daemon: schedules, runs, reloads, local API  [--project DIR]… [--port N]
  down             stop the running daemon
  init [DIR]       write a starter tickwork.yaml and an example step (never overwrites)

  --project DIR    where tickwork.yaml is, for commands that read it (default: this directory
                   or a parent); runs, logs, cancel and resume read the store of $TICKWORK_HOME
  state lives in $TICKWORK_HOME (default: the per-user data directory)
exit codes: 0 ok, 1 a run failed, 2 usage or config error
`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('tickwork 0.1.0\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`tickwork: unknown command "${name}"; run tickwork --help`);
  return command(rest);
}

// A reader that went away (`tickwork logs 1 | head`) ends the command quietly, as it ends any Unix tool.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}

/**
 * Exits once what was written to stdout and stderr is out. An explicit exit
 * skips tearing down the JavaScript heap piece by piece (tens of ms after a
 * big run, for memory the OS reclaims at once anyway); every command has
 * awaited its own work by the time main settles.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    if (error instanceof CliExit) {
      for (const line of error.lines) process.stderr.write(line + '\n');
      exitWhenFlushed(error.code);
    } else if (error instanceof UsageError) {
      process.stderr.write(error.message + '\n');
      exitWhenFlushed(2);
    } else {
      process.stderr.write(`tickwork: internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`);
      exitWhenFlushed(70);
    }
  },
);
