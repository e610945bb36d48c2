/**
 * `tickwork health [--project DIR] [--json]`: scheduler, store, disk, memory and per-pipeline health.
 * Exit codes: 0 healthy; 1 the store failed its integrity check; 2 the
 * project's tickwork.yaml is invalid (the machinery is still reported; the
 * per-pipeline part is missing, and the problems say why).
 */
import { parse, str, flag } from '../args.js';
import { openHomeStore, optionalProjectOrProblems } from '../context.js';
import { displayPath, formatProblem } from '../../engine/config/problems.js';
import { plural } from '../../../shared/plural.js';
import { healthReport } from '../../engine/health/health-report.js';
import { humanDuration } from '../../../shared/durations.js';
import { formatMs, table, time } from '../format.js';

/** Options the parser accepts (help.ts describes each). */
export const healthOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; exit 1 when the store fails its integrity check, 2 when the project file is invalid. */
export async function healthCommand(argv: readonly string[]): Promise<number> {
  const args = parse('health', argv, healthOptions, 'none');
  const store = openHomeStore();
  const found = optionalProjectOrProblems(str(args, 'project')); // health of the home still makes sense without a project
  const project = found && 'project' in found ? found.project : null;
  const invalid = found && 'problems' in found ? found : null;
  const report = healthReport(store.db, store.home, project, Date.now());
  // A broken tickwork.yaml must not pass for a project without pipelines: name its problems and exit 2.
  const exitCode = invalid ? 2 : report.store.integrity === 'ok' ? 0 : 1;
  if (flag(args, 'json')) {
    const configProblems = invalid ? [{ file: invalid.file, problems: invalid.problems.map((p) => ({ ...p, text: formatProblem(p) })) }] : [];
    process.stdout.write(JSON.stringify({ ...report, configProblems }) + '\n');
    return exitCode;
  }
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const lines = [
    `scheduler: ${report.scheduler ? `heartbeat ${formatMs(report.scheduler.ageMs)} ago (pid ${report.scheduler.pid}${report.scheduler.alive ? '' : ', not running'})` : 'never ran (start it with tickwork up)'}`,
    `store:     ${report.store.path} ${(report.store.bytes / 2 ** 20).toFixed(1)} MiB, integrity ${report.store.integrity}`,
    ...report.disk.map((d) => `disk:      ${d.path} ${gib(d.freeBytes)} free of ${gib(d.totalBytes)}`),
    `memory:    ${gib(report.memory.freeBytes)} free of ${gib(report.memory.totalBytes)}`,
    ...(report.scheduleFailures.length === 0
      ? ['schedules: no failed slot']
      : report.scheduleFailures.map((f) => `schedules: FAILED ${f.title}: ${f.body} (alert ${f.id}; tickwork alerts)`)),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (report.pipelines.length) {
    const rows = report.pipelines.map((p) => [
      p.pipeline,
      time(p.lastSuccessAt),
      p.freshnessMs === null ? '-' : `${p.stale ? 'STALE' : 'fresh'} (${humanDuration(p.freshnessMs)})`,
      p.errorRate === null ? '-' : `${(p.errorRate * 100).toFixed(0)}% of ${p.finished}`,
      p.avgMs === null ? '-' : formatMs(p.avgMs),
      p.p95Ms === null ? '-' : formatMs(p.p95Ms),
    ]);
    process.stdout.write('\n' + table(['PIPELINE', 'LAST SUCCESS', 'FRESHNESS', 'ERRORS (30d)', 'AVG', 'P95'], rows) + '\n');
  }
  if (invalid) {
    const count = plural(invalid.problems.length, 'problem');
    process.stderr.write(
      [...invalid.problems.map(formatProblem), `tickwork health: no per-pipeline health: ${displayPath(invalid.file)} has ${count} (above); fix ${invalid.problems.length === 1 ? 'it' : 'them'} and run tickwork health again`].join('\n') + '\n',
    );
  }
  return exitCode;
}
