/** `tickwork validate [--project DIR] [--json]`: every problem as FILE:LINE:COL: field: message; exit 2 if any. */
import { parse, str, flag } from '../args.js';
import { CliExit, projectFileFor } from '../context.js';
import { formatProblem, loadProject } from '../../engine/config/index.js';
import { plural } from '../../../shared/plural.js';

/** Options the parser accepts (help.ts describes each). */
export const validateOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function validateCommand(argv: readonly string[]): Promise<number> {
  const args = parse('validate', argv, validateOptions, 'none');
  const result = loadProject(projectFileFor(str(args, 'project')));
  if (flag(args, 'json')) {
    const out = result.ok
      ? { ok: true, project: result.project.name, pipelines: [...result.project.pipelines.keys()], jobs: [...result.project.jobs.keys()] }
      : { ok: false, problems: result.problems };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return result.ok ? 0 : 2;
  }
  if (!result.ok) {
    const count = result.problems.length;
    throw new CliExit(2, [...result.problems.map(formatProblem), `${plural(count, 'problem')} found`]);
  }
  const { project } = result;
  process.stdout.write(`${project.file}: ok — ${plural(project.pipelines.size, 'pipeline')}, ${plural(project.jobs.size, 'job')}\n`);
  return 0;
}
