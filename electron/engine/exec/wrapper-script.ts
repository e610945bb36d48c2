/**
 * The tiny POSIX sh wrapper every attempt runs under.
 *
 * Why a wrapper: the attempt must outlive the engine (kill -9 included) and
 * its exit status must still be known afterwards. The wrapper is the process
 * group leader; it writes its pid to `<dir>/pid` first and, from an EXIT
 * trap, the command's status to `<dir>/exit`. Both writes are shell
 * builtins, so the wrapper costs one exec and no extra fork for builtins.
 *
 * argv commands run as `"$@"` (no shell parsing of the user's words); string
 * commands run with `eval`, i.e. exactly as `/bin/sh -c` would run them.
 * SIGTERM/SIGINT/SIGHUP become exits 143/130/129 so the EXIT trap still runs.
 */
import type { CommandSpec } from '../../../shared/config-model.js';

const PRELUDE =
  `trap 'echo $? > "$TICKWORK_ATTEMPT_DIR/exit"' EXIT; ` +
  `trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP; ` +
  `echo $$ > "$TICKWORK_ATTEMPT_DIR/pid"; `;

/** The `/bin/sh` argument list that runs `command` under the wrapper. */
export function wrapperArgs(command: CommandSpec): string[] {
  if (command.kind === 'argv') return ['-c', PRELUDE + '"$@"', 'tickwork-task', ...command.argv];
  return ['-c', PRELUDE + 'tickwork_cmd=$1; shift; eval "$tickwork_cmd"', 'tickwork-task', command.script];
}
