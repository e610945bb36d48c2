/**
 * `tickwork prune [--apply] [--project DIR] [--json]`: what the project's
 * `retention` removes from the store and the logs directory — finished runs
 * older than `runs` with their tasks, attempts, events and log files, and
 * the log files of finished runs older than `logs` — listed with counts and
 * bytes; `--apply` removes it. Never an active run, nor the latest success
 * of a partition (housekeeping/prune-selection.ts).
 */
import { parse, str, flag } from '../args.js';
import { loadProjectOrExit, openHomeStore } from '../context.js';
import { formatPruneReport, prune } from '../../engine/housekeeping/prune.js';

/** Options the parser accepts (help.ts describes each). */
export const pruneOptions = { apply: { type: 'boolean' }, project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function pruneCommand(argv: readonly string[]): Promise<number> {
  const args = parse('prune', argv, pruneOptions, 'none');
  const project = loadProjectOrExit(str(args, 'project'));
  const { db, home } = openHomeStore();
  const apply = flag(args, 'apply');
  const now = Date.now();
  const report = prune(db, { project: project.name, projectFile: project.file, ...(project.retention ? { retention: project.retention } : {}), logsDir: home.logs, now, apply });
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  const lines = formatPruneReport(report, now);
  if (!apply && (report.runs.length > 0 || report.logs.length > 0)) lines.push('a dry run: nothing was deleted; tickwork prune --apply deletes it');
  process.stdout.write(`project ${project.name}\n${lines.join('\n')}\n`);
  return 0;
}
