/** Locating tickwork.yaml from a working directory. */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
