/**
 * The tiny POSIX sh wrapper every attempt runs under.
 *
 * Why a wrapper: the attempt must outlive the engine (kill -9 included) and
 * its exit status must still be known afterwards. The wrapper is the process
 * group leader. It first appends `<id> pid <pid>` to the run's status file,
 * sends its stdout/stderr to the attempt's log (opened here, not in the
 * engine's thread), and from an EXIT trap appends `<id> exit <status>`. All
 * of it is shell builtins: one exec, no fork beyond the command itself.
 *
 * argv commands run as `"$@"` (no shell parsing of the user's words); string
 * commands run with `eval`, i.e. exactly as `/bin/sh -c` would run them.
 * SIGTERM/SIGINT/SIGHUP become exits 143/130/129 so the EXIT trap still runs.
 */
import type { CommandSpec } from '../../../shared/config-model.js';

const PRELUDE =
  `trap 'echo "$TICKWORK_ATTEMPT_ID exit $?" >> "$TICKWORK_STATUS_FILE"' EXIT; ` +
  `trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP; ` +
  `echo "$TICKWORK_ATTEMPT_ID pid $$" >> "$TICKWORK_STATUS_FILE"; exec >> "$TICKWORK_LOG_FILE" 2>&1; `;

/** The `/bin/sh` argument list that runs `command` under the wrapper. */
export function wrapperArgs(command: CommandSpec): string[] {
  if (command.kind === 'argv') return ['-c', PRELUDE + '"$@"', 'tickwork-task', ...command.argv];
  return ['-c', PRELUDE + 'tickwork_cmd=$1; shift; eval "$tickwork_cmd"', 'tickwork-task', command.script];
}

/** Environment variables the wrapper reads (also visible to the command). */
export function wrapperEnv(attemptId: number, logPath: string, statusPath: string): Record<string, string> {
  return { TICKWORK_ATTEMPT_ID: String(attemptId), TICKWORK_LOG_FILE: logPath, TICKWORK_STATUS_FILE: statusPath };
}
