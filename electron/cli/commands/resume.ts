/** `tickwork resume [--json]`: adopts every run whose engine died and carries it to the end. */
import { parse, flag } from '../args.js';
import { openHomeStore } from '../context.js';
import { drive } from '../drive.js';
import { progressPrinter } from '../progress.js';
import { humanOutput } from '../line-writer.js';
import { getRun } from '../../engine/store/run-store.js';
import { runWithTasksJson } from '../run-json.js';
import { failedTaskOutput } from '../../engine/run/failure-output.js';

/** Options the parser accepts (help.ts describes each). */
export const resumeOptions = { json: { type: 'boolean' } } as const;

/** Runs the command; exit 0 when every adopted run succeeded (or none needed adopting), 1 otherwise. */
export async function resumeCommand(argv: readonly string[]): Promise<number> {
  const args = parse('resume', argv, resumeOptions, 'none');
  const json = flag(args, 'json');
  const store = openHomeStore();
  const say = humanOutput(json);
  const ids = await drive({ store, onEvent: progressPrinter(say, { failureOutput: (id, pipeline) => failedTaskOutput(store.db, id, pipeline) }) });
  say.flush();
  const runs = ids.map((id) => getRun(store.db, id)!);
  if (json) process.stdout.write(JSON.stringify(runs.map((r) => runWithTasksJson(store.db, r))) + '\n');
  else if (runs.length === 0) say('nothing to resume: no unfinished run is without an engine');
  return runs.every((r) => r.state === 'succeeded') ? 0 : 1;
}

/** `tickwork __engine`: the detached background engine started by `run` without --wait. */
export async function backgroundEngineCommand(): Promise<number> {
  const store = openHomeStore();
  const log = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  // Keep adopting until no orphan remains: runs created while we worked are picked up too.
  for (;;) {
    const ids = await drive({ store, onEvent: progressPrinter(log) });
    if (ids.length === 0) return 0;
  }
}
