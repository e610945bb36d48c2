/**
 * What every command needs: the home, the store, and (for most) the project,
 * with user errors turned into CliExit values instead of stack traces.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { ConfigProblem, ProjectConfig } from '../../shared/config-model.js';
import { findProjectFile, formatProblem, loadProject, looksLikeProjectFile } from '../engine/config/index.js';
import { prepareHome, resolveHomeDir, type HomePaths } from '../engine/home.js';
import { openStore, SchemaTooNewError, type Db } from '../engine/store/open-store.js';
import { plural } from '../../shared/plural.js';

/** Ends a command with an exit code and lines for stderr. */
export class CliExit extends Error {
  constructor(readonly code: number, readonly lines: readonly string[] = []) {
    super(lines.join('\n'));
    this.name = 'CliExit';
  }
}

/** The opened home and store. */
export interface Store {
  readonly home: HomePaths;
  readonly db: Db;
}

/** Opens `$TICKWORK_HOME` (creating it) and its store. */
export function openHomeStore(): Store {
  const root = resolveHomeDir();
  let home: HomePaths;
  try {
    home = prepareHome(root);
  } catch (error) {
    throw new CliExit(2, [`tickwork: cannot use ${root} as the Tickwork home (TICKWORK_HOME): ${(error as Error).message}`]);
  }
  try {
    return { home, db: openStore(home.database) };
  } catch (error) {
    if (error instanceof SchemaTooNewError) throw new CliExit(2, [`tickwork: ${error.message}`]);
    if (isStoreOpenError(error)) {
      throw new CliExit(2, [`tickwork: cannot open the store ${home.database}: ${(error as Error).message} (nothing was changed; check the file and its permissions, or point TICKWORK_HOME elsewhere)`]);
    }
    throw error;
  }
}

/** SQLite and file-system errors that mean the store file is unusable (not a bug of ours). */
function isStoreOpenError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return /^(SQLITE_(NOTADB|CORRUPT|READONLY|CANTOPEN|PERM|IOERR|FULL|AUTH)|E(ACCES|PERM|ROFS|NOSPC|NOTDIR|ISDIR))/.test(code);
}

/** The tickwork.yaml to use: in --project DIR (or that file), else the nearest in cwd or a parent. */
export function projectFileFor(projectOption: string | undefined): string {
  if (projectOption) {
    const target = path.resolve(projectOption);
    const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'tickwork.yaml') : target;
    if (!fs.existsSync(file)) throw new CliExit(2, [`tickwork: --project ${projectOption}: no tickwork.yaml there`]);
    if (!looksLikeProjectFile(file)) throw new CliExit(2, [`tickwork: --project ${projectOption}: not a tickwork.yaml (give the project directory or its tickwork.yaml)`]);
    return file;
  }
  const found = findProjectFile(process.cwd());
  if (!found) throw new CliExit(2, ['tickwork: no tickwork.yaml in this directory or any parent; pass --project DIR']);
  return found;
}

/** Loads and validates the project, or exits 2 printing every problem as FILE:LINE:COL: field: message. */
export function loadProjectOrExit(projectOption: string | undefined): ProjectConfig {
  const result = loadProject(projectFileFor(projectOption));
  if (result.ok) return result.project;
  const count = result.problems.length;
  throw new CliExit(2, [...result.problems.map(formatProblem), `${plural(count, 'problem')} found`]);
}

/** The project when one is found and valid, else null (for commands that make sense without one). */
export function optionalProject(projectOption: string | undefined): ProjectConfig | null {
  const found = optionalProjectOrProblems(projectOption);
  return found && 'project' in found ? found.project : null;
}

/** Like optionalProject, but an invalid file comes back with its problems (for commands that say what they leave out, `health`). */
export function optionalProjectOrProblems(projectOption: string | undefined): { readonly project: ProjectConfig } | { readonly file: string; readonly problems: readonly ConfigProblem[] } | null {
  let file: string;
  try {
    file = projectFileFor(projectOption);
  } catch (error) {
    if (error instanceof CliExit && projectOption === undefined) return null;
    throw error;
  }
  const loaded = loadProject(file);
  return loaded.ok ? { project: loaded.project } : { file, problems: loaded.problems };
}
