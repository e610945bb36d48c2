/** `tickwork resume [--project DIR] [--json]`: adopts every run whose engine died (of that project) and carries it to the end. */
import { parse, flag, str } from '../args.js';
import { inScope, projectScope } from '../project-scope.js';
import { orphanedRuns } from '../../engine/run/run-owner.js';
import { openHomeStore } from '../context.js';
import { drive } from '../drive.js';
import { progressPrinter } from '../progress.js';
import { humanOutput } from '../line-writer.js';
import { getRun } from '../../engine/store/run-store.js';
import { runWithTasksJson } from '../run-json.js';
import { failedTaskOutput } from '../../engine/run/failure-output.js';

/** Options the parser accepts (help.ts describes each). */
export const resumeOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; exit 0 when every adopted run succeeded (or none needed adopting), 1 when one failed, 2 when one could not be adopted (its env_passthrough values are not set here as they were). */
export async function resumeCommand(argv: readonly string[]): Promise<number> {
  const args = parse('resume', argv, resumeOptions, 'none');
  const json = flag(args, 'json');
  const scope = projectScope(str(args, 'project'));
  const store = openHomeStore();
  const say = humanOutput(json);
  // --project: only that project's runs, claimed by id; the others wait for their own resume (or the daemon).
  const only = scope ? { claim: orphanedRuns(store.db).filter((run) => inScope(scope, run)).map((run) => run.id), adoptOrphans: false } : {};
  const notAdopted: string[] = [];
  const ids = await drive({
    store,
    ...only,
    onEvent: progressPrinter(say, { failureOutput: (id, pipeline) => failedTaskOutput(store.db, id, pipeline) }),
    onNotAdopted: (_id, reason) => notAdopted.push(reason),
  });
  say.flush();
  // Runs this shell cannot carry on as they were triggered (env_passthrough): say which, and fail.
  for (const reason of notAdopted) process.stderr.write(`tickwork resume: ${reason}\n`);
  const runs = ids.map((id) => getRun(store.db, id)!);
  if (json) process.stdout.write(JSON.stringify(runs.map((r) => runWithTasksJson(store.db, r))) + '\n');
  else if (runs.length === 0 && notAdopted.length === 0) say(`nothing to resume: no unfinished run${scope ? ` of ${scope.option}` : ''} is without an engine`);
  say.flush(); // the command exits as soon as it returns: a line still batched would be lost
  if (!runs.every((r) => r.state === 'succeeded')) return 1;
  return notAdopted.length > 0 ? 2 : 0;
}

/** `tickwork __engine`: the detached background engine started by `run` without --wait. */
export async function backgroundEngineCommand(): Promise<number> {
  const store = openHomeStore();
  const log = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  // Keep adopting until no orphan remains: runs created while we worked are picked up too.
  for (;;) {
    const ids = await drive({ store, onEvent: progressPrinter(log), onNotAdopted: (_id, reason) => log(`not adopted: ${reason}`) });
    if (ids.length === 0) return 0;
  }
}
