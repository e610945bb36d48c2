/** Locating tickwork.yaml from a working directory. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The project file name looked for in each directory. */
export const PROJECT_FILE_NAME = 'tickwork.yaml';

/** Absolute path of `tickwork.yaml` in `startDir` or its nearest parent, or null if none. */
export function findProjectFile(startDir: string): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, PROJECT_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    // Unreadable or missing both mean "not here"; keep walking up.
    return false;
  }
}

/** Names that mark a file as a project file whatever it holds (its problems are then reported as such). */
const PROJECT_FILE_NAMES = new Set([PROJECT_FILE_NAME, 'tickwork.yml']);

/**
 * False for a file `--project` names that is plainly not a project: named
 * otherwise than tickwork.yaml/.yml, and not a YAML mapping with `pipelines`
 * (`--project steps/step.sh`, whose YAML errors would only confuse). An
 * unreadable file counts as a project, so loading it names the read error.
 */
export function looksLikeProjectFile(file: string): boolean {
  if (PROJECT_FILE_NAMES.has(path.basename(file))) return true;
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return true;
  }
  try {
    const value: unknown = parseYaml(source);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'pipelines');
  } catch {
    return false;
  }
}
