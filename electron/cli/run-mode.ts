/**
 * `tickwork run --mode live|local` and `--debug` (TDAG's three modes): which
 * one a command line asks for, and the combinations that make no sense.
 * live (default) goes through the home's store and the daemon; local and
 * debug always run in the foreground of this command (run-local.ts,
 * run-debug.ts), so --wait is implied.
 */
import { flag, str, UsageError, type Parsed } from './args.js';
import type { RunMode } from '../../shared/run-model.js';

const MODES: readonly RunMode[] = ['live', 'local', 'debug'];

/** The mode asked for by `--mode` / `--debug`; usage errors for an unknown mode or a combination that cannot hold. */
export function runModeOf(args: Parsed): RunMode {
  const asked = str(args, 'mode');
  if (asked !== undefined && !(MODES as readonly string[]).includes(asked)) {
    throw new UsageError(`tickwork run: --mode ${asked}: unknown mode (live, local, or --debug)`);
  }
  const debug = flag(args, 'debug');
  if (debug && asked !== undefined && asked !== 'debug') throw new UsageError(`tickwork run: --debug and --mode ${asked} exclude each other`);
  const mode = debug ? 'debug' : ((asked as RunMode | undefined) ?? 'live');
  if (mode === 'debug' && flag(args, 'json')) throw new UsageError('tickwork run: --debug is interactive and prints no --json (the run is in `tickwork runs --json` afterwards)');
  if (mode === 'local' && flag(args, 'no-upstream')) {
    throw new UsageError('tickwork run: --no-upstream takes upstream results from run history, which a local run keeps none of; run the upstream with it, or use --mode live');
  }
  return mode;
}
