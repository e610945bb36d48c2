/**
 * The `tickwork` command: dispatches to one module per subcommand. Errors a
 * user can cause exit 2 with a message (never a stack trace); a failed run
 * exits 1.
 */
import { UsageError } from './args.js';
import { CliExit } from './context.js';
import { COMMAND_HELP, type CommandHelp } from './help.js';
import { asksForHelp, commandHelpText, overviewText } from './help-text.js';
import { reportInternalError } from './crash-report.js';
import { TICKWORK_VERSION } from './version.js';
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
import { sweepCommand } from './commands/sweep.js';
import { healthCommand } from './commands/health.js';
import { alertsCommand } from './commands/alerts.js';
import { initCommand } from './commands/init.js';
import { serviceCommand } from './commands/service.js';
import { pruneCommand } from './commands/prune.js';
import { uiCommand } from './commands/ui.js';
import { lakeCommand } from './commands/lake.js';

const COMMANDS = {
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
  sweep: sweepCommand,
  health: healthCommand,
  alerts: alertsCommand,
  init: initCommand,
  service: serviceCommand,
  prune: pruneCommand,
  lake: lakeCommand,
  advance: advanceCommand,
  up: upCommand,
  ui: uiCommand,
  down: downCommand,
  __engine: () => backgroundEngineCommand(),
};

// Every public command needs an entry in help.ts (COMMAND_HELP): this fails to compile while one is missing.
const HELP_FOR_EVERY_COMMAND: Record<Exclude<keyof typeof COMMANDS, `__${string}`>, CommandHelp> = COMMAND_HELP;
void HELP_FOR_EVERY_COMMAND;

/** The public command names, in the order of COMMANDS. */
const PUBLIC_COMMANDS = Object.keys(COMMANDS).filter((name) => !name.startsWith('__'));

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(overviewText(PUBLIC_COMMANDS));
    return name ? 0 : 2;
  }
  if (name === 'help') return printHelp(rest);
  if (name === '--version' || name === '-v') {
    process.stdout.write(`tickwork ${TICKWORK_VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as keyof typeof COMMANDS] : undefined;
  if (!command) throw new UsageError(`tickwork: unknown command "${name}"; run tickwork --help`);
  // Before the command parses anything, so `--help` works whatever else is on the line.
  const help = asksForHelp(rest) ? commandHelpText(name) : null;
  if (help !== null) {
    process.stdout.write(help);
    return 0;
  }
  return command(rest);
}

/** `tickwork help [COMMAND]`: the overview, or one command's help. */
function printHelp(topics: readonly string[]): number {
  const [topic, ...extra] = topics;
  if (topic === undefined) {
    process.stdout.write(overviewText(PUBLIC_COMMANDS));
    return 0;
  }
  const text = extra.length === 0 ? commandHelpText(topic) : null;
  if (text === null) throw new UsageError(`tickwork help: ${extra.length ? 'name one command' : `unknown command "${topic}"`}; commands: ${PUBLIC_COMMANDS.join(', ')}`);
  process.stdout.write(text);
  return 0;
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

/** A bug: one line naming the error and its report file (crash-report.ts), never the bundle's source; exit 70. */
function internalError(error: unknown): void {
  try {
    process.stderr.write(reportInternalError(error, process.argv.slice(2)) + '\n');
  } catch {
    // stderr itself is gone: the exit code still tells.
  }
  exitWhenFlushed(70);
}

let failed = false;

/** Ends the command on an error: a user's (CliExit, UsageError) with its message, anything else as an internal error. */
function fail(error: unknown): void {
  if (failed) return; // the first error decides; a second one on the way out changes nothing
  failed = true;
  if (error instanceof CliExit) {
    for (const line of error.lines) process.stderr.write(line + '\n');
    exitWhenFlushed(error.code);
  } else if (error instanceof UsageError) {
    process.stderr.write(error.message + '\n');
    exitWhenFlushed(2);
  } else {
    internalError(error);
  }
}

// Errors thrown outside main's promise (a timer of the daemon or of a run's engine) end the same way, not with Node's dump.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

main(process.argv.slice(2)).then((code) => exitWhenFlushed(code), fail);
