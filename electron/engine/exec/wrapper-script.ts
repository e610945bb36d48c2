/**
 * The tiny POSIX sh wrapper every attempt runs under.
 *
 * Why a wrapper: the attempt must outlive the engine (kill -9 included) and
 * its exit status must still be known afterwards. The wrapper appends
 * `<id> pid <pid>` to the run's status file, sends its stdout/stderr to the
 * attempt's log (opened there, not in the engine's thread), and from an EXIT
 * trap appends `<id> exit <status>`. All of it is shell builtins.
 *
 * Two forms: `wrapperArgs` is a fresh `/bin/sh -c` (direct launch, a process
 * group leader); `LAUNCHER_SETUP` defines `tickwork_run` for the sh launcher,
 * whose forked subshell becomes the wrapper without any exec at all.
 *
 * argv commands run as `"$@"` (no shell parsing of the user's words); string
 * commands run with `eval`, i.e. exactly as `/bin/sh -c` would run them.
 * SIGTERM/SIGINT/SIGHUP become exits 143/130/129 so the EXIT trap still runs.
 */
import type { CommandSpec } from '../../../shared/config-model.js';

const RECORD_EXIT = `tickwork_rc=$?; echo "$TICKWORK_ATTEMPT_ID exit $tickwork_rc" >> "$TICKWORK_STATUS_FILE"`;
const SIGNAL_TRAPS = `trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP`;
const TO_LOG = `exec >> "$TICKWORK_LOG_FILE" 2>&1`;

const DIRECT_PRELUDE = `trap '${RECORD_EXIT}' EXIT; ${SIGNAL_TRAPS}; echo "$TICKWORK_ATTEMPT_ID pid $$" >> "$TICKWORK_STATUS_FILE"; ${TO_LOG}; `;

/** The `/bin/sh` argument list that runs `command` under the wrapper (direct launch). */
export function wrapperArgs(command: CommandSpec): string[] {
  if (command.kind === 'argv') return ['-c', DIRECT_PRELUDE + '"$@"', 'tickwork-task', ...command.argv];
  return ['-c', DIRECT_PRELUDE + 'tickwork_cmd=$1; shift; eval "$tickwork_cmd"', 'tickwork-task', command.script];
}

/**
 * Run once by the sh launcher: fd 3 is its stdout (the engine reads exits
 * there), and `tickwork_run ID LOG STATUS CWD a|s NAME=VALUE… -- COMMAND…`
 * forks a subshell that becomes the attempt's wrapper (exports, traps, log,
 * cd, then `"$@"` for argv or `/bin/sh -c` for a script) and records its pid (`$!`)
 * in the status file (kept open as fd 4 while the run's attempts start; the
 * subshell appends its exit through the same descriptor, O_APPEND keeping
 * every line whole). A short call per attempt keeps the text the launcher
 * must read and parse small; the engine hears only the exit, one wake-up per
 * attempt.
 */
export const LAUNCHER_SETUP = [
  'exec 3>&1',
  'tickwork_n=0',
  // bash runs background jobs in their own process groups under `set -m`,
  // even without a terminal: each attempt then leads its own group.
  'if [ -n "$BASH_VERSION" ]; then set -m; fi',
  'tickwork_run() {',
  '  tickwork_id=$1',
  // The run's status file stays open as fd 4 while attempts of that run start: no path lookup per line.
  '  if [ "$3" != "$tickwork_status_open" ]; then exec 4>>"$3"; tickwork_status_open=$3; fi',
  '  (',
  '    TICKWORK_ATTEMPT_ID=$1 TICKWORK_LOG_FILE=$2 TICKWORK_STATUS_FILE=$3',
  '    export TICKWORK_ATTEMPT_ID TICKWORK_LOG_FILE TICKWORK_STATUS_FILE',
  '    tickwork_cwd=$4 tickwork_mode=$5',
  '    shift 5',
  '    while [ "$1" != -- ]; do export "$1"; shift; done',
  '    shift',
  `    trap 'tickwork_rc=$?; echo "$TICKWORK_ATTEMPT_ID exit $tickwork_rc" >&4; echo "$TICKWORK_ATTEMPT_ID exit $tickwork_rc" >&3' EXIT; ${SIGNAL_TRAPS}; ${TO_LOG}`,
  '    cd "$tickwork_cwd" || exit 126',
  // A script runs in its own /bin/sh -c: an `exit` in it must not end the wrapper with fd 3 closed.
  '    if [ "$tickwork_mode" = s ]; then /bin/sh -c "$1" sh 3>&- 4>&-; else "$@" 3>&- 4>&-; fi',
  '  ) </dev/null >/dev/null 2>&1 &',
  '  echo "$tickwork_id pid $!" >&4',
  // Reap finished subshells every 16 launches (a non-interactive shell only reaps when asked).
  '  tickwork_n=$((tickwork_n + 1)); if [ $((tickwork_n % 16)) -eq 0 ]; then jobs >/dev/null; fi',
  '}',
  '',
].join('\n');

/** Environment variables the wrapper reads (also visible to the command). */
export function wrapperEnv(attemptId: number, logPath: string, statusPath: string): Record<string, string> {
  return { TICKWORK_ATTEMPT_ID: String(attemptId), TICKWORK_LOG_FILE: logPath, TICKWORK_STATUS_FILE: statusPath };
}
