/**
 * `tickwork init [DIR]`: writes a starter project (tickwork.yaml and one step
 * script) into DIR (default: this directory), creating DIR if needed. It never
 * overwrites: when any of its files exists it writes nothing and exits 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '../args.js';
import { CliExit } from '../context.js';
import { STARTER_TARGET, starterFiles } from '../init/starter-project.js';

/** Options `init` accepts: none (help.ts describes the command). */
export const initOptions = {} as const;

/** Runs the command; resolves to the exit code. */
export async function initCommand(argv: readonly string[]): Promise<number> {
  const args = parse('init', argv, initOptions);
  if (args.positionals.length > 1) throw new CliExit(2, [`tickwork init: expected at most one directory, got ${args.positionals.length}`]);
  const given = args.positionals[0];
  const dir = path.resolve(given ?? '.');
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliExit(2, [`tickwork init: ${given} is not a directory`]);
  const files = starterFiles(path.basename(dir) || 'tickwork');
  const shown = (file: string): string => displayPath(path.join(dir, file));
  for (const file of files) {
    if (fs.existsSync(path.join(dir, file.path))) throw new CliExit(2, [`tickwork init: ${shown(file.path)} already exists; nothing was written (move it away, or init another directory)`]);
  }
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // 'wx': a file that appeared since the check above is still never overwritten.
    fs.writeFileSync(target, file.text, { flag: 'wx', mode: file.mode });
    process.stdout.write(`wrote ${shown(file.path)}\n`);
  }
  const cd = path.relative(process.cwd(), dir) === '' ? [] : [`  cd ${displayPath(dir)}`];
  process.stdout.write(
    [
      'next:',
      ...cd,
      '  tickwork validate',
      `  tickwork run ${STARTER_TARGET} --wait`,
      `  tickwork up                      # runs ${STARTER_TARGET} on its schedule (or: tickwork service install)`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** A path relative to the working directory when it stays inside it, else absolute. */
function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
}
