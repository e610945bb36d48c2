/** `tickwork runs [--pipeline P] [--state S] [--limit N] [--project DIR] [--json]`: recent runs, newest first. */
import { parse, str, flag, int, UsageError } from '../args.js';
import { openHomeStore } from '../context.js';
import { projectScope } from '../project-scope.js';
import { listRuns } from '../../engine/store/run-store.js';
import { RUN_STATES, type RunState } from '../../../shared/state-machines.js';
import { runJson } from '../run-json.js';
import { span, table, time } from '../format.js';

/** Options the parser accepts (help.ts describes each). */
export const runsOptions = { pipeline: { type: 'string' }, state: { type: 'string' }, limit: { type: 'string' }, project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function runsCommand(argv: readonly string[]): Promise<number> {
  const args = parse('runs', argv, runsOptions, 'none');
  const state = str(args, 'state');
  if (state !== undefined && !RUN_STATES.includes(state as RunState)) {
    throw new UsageError(`tickwork runs: --state ${state}: expected one of ${RUN_STATES.join(', ')}`);
  }
  const pipeline = str(args, 'pipeline');
  const scope = projectScope(str(args, 'project'));
  const { db } = openHomeStore();
  const runs = listRuns(db, {
    ...(pipeline ? { pipeline } : {}),
    ...(state ? { state: state as RunState } : {}),
    ...(scope ? { projectFiles: scope.files } : {}),
    limit: int(args, 'limit', 20, 'runs'),
  });
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify(runs.map((r) => runJson(r))) + '\n');
    return 0;
  }
  if (runs.length === 0) {
    const filters = [pipeline ? `pipeline ${pipeline}` : '', state ? `state ${state}` : '', scope ? `project ${scope.option}` : ''].filter(Boolean).join(' and ');
    process.stdout.write(filters ? `no runs with ${filters}\n` : 'no runs yet\n');
    return 0;
  }
  const rows = runs.map((r) => [
    String(r.id),
    r.state,
    r.targets.join(','),
    r.partitionKey,
    r.trigger,
    time(r.createdAt),
    span(r.startedAt, r.finishedAt),
    r.reason ?? '',
  ]);
  process.stdout.write(table(['ID', 'STATE', 'TARGETS', 'PARTITION', 'TRIGGER', 'CREATED', 'DURATION', 'REASON'], rows) + '\n');
  return 0;
}
