/**
 * `tickwork cancel RUN [--json]`: stops a run and its processes. Exit 0 when
 * the run is not running afterwards — cancelled now, already cancelled, or
 * already finished (the message and --json's `kind`/`state` say which); 2
 * when there is no such run.
 */
import { parse, flag, str, UsageError } from '../args.js';
import { projectScope, requireRunInScope } from '../project-scope.js';
import { CliExit, openHomeStore } from '../context.js';
import { cancelRun, type CancelResult } from '../../engine/run/cancel-run.js';
import { ApiCallError, callDaemon, daemonApi } from '../daemon-client.js';
import { plural } from '../../../shared/plural.js';

/** Options the parser accepts (help.ts describes each). */
export const cancelOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function cancelCommand(argv: readonly string[]): Promise<number> {
  const args = parse('cancel', argv, cancelOptions);
  const id = args.positionals[0];
  if (!id || !/^\d+$/.test(id) || args.positionals.length > 1) throw new UsageError('tickwork cancel: expected one run id, e.g. tickwork cancel 42');
  const scope = projectScope(str(args, 'project'));
  const store = openHomeStore();
  const runId = Number(id);
  if (scope) requireRunInScope(store.db, 'cancel', runId, scope);
  const result = await cancelHere(store, runId);
  if (result.kind === 'not_found') throw new CliExit(2, [`tickwork cancel: no run ${id}`]);
  process.stdout.write(flag(args, 'json') ? JSON.stringify({ run: runId, ...result }) + '\n' : `${cancelMessage(runId, result)}\n`);
  return 0;
}

/** The cancel, done by the daemon when one runs (it drives the run and stops its processes itself), else here. */
async function cancelHere(store: ReturnType<typeof openHomeStore>, runId: number): Promise<CancelResult> {
  const api = daemonApi(store.home.root);
  if (!api) return cancelRun(store.db, runId, () => Date.now());
  try {
    const answer = await callDaemon(api, 'runs.cancel', { id: runId });
    return answer.alreadyFinished ? { kind: 'already_finished', state: answer.state } : { kind: 'cancelled', stoppedProcesses: answer.stoppedProcesses };
  } catch (error) {
    if (error instanceof ApiCallError && error.status === 404) return { kind: 'not_found' };
    throw new CliExit(2, [`tickwork cancel: ${(error as Error).message}`]);
  }
}

/** What a cancel did, in one line: exit 0 either way, since the run is not running afterwards. */
export function cancelMessage(runId: number, result: Exclude<CancelResult, { kind: 'not_found' }>): string {
  if (result.kind === 'cancelled') return `run ${runId} cancelled (${plural(result.stoppedProcesses, 'process group')} stopped)`;
  if (result.state === 'cancelled') return `run ${runId} is already cancelled`;
  return `run ${runId} already ${result.state}; nothing to cancel`;
}
