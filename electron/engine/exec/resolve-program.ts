/**
 * Finds the program of an argv command on PATH before launch, as execvp would.
 * The wrapper runs argv commands as `"$@"` in /bin/sh, where a bare name can
 * mean a shell builtin or function instead (`echo` with sh's escapes, `exit`,
 * `trap`); a path never does, so argv commands run the real program, as a
 * shell-less launch would. A missing program becomes a clear "command not
 * found" instead of sh's exit 127.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The program to run: an absolute path, or the reason there is none. */
export type ResolvedProgram = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly message: string };

/** Looks `name` up on `searchPath` (a PATH value); names holding a "/" are taken as they are (relative to `cwd`). */
export function resolveProgram(name: string, searchPath: string | undefined, cwd: string): ResolvedProgram {
  if (name.includes('/')) return { ok: true, file: name };
  if (name === '') return { ok: false, message: 'the command is empty' };
  const dirs = (searchPath ?? '').split(':');
  for (const dir of dirs) {
    const candidate = path.resolve(cwd, dir === '' ? '.' : dir, name);
    if (isExecutableFile(candidate)) return { ok: true, file: candidate };
  }
  return { ok: false, message: `command not found: ${name} (not on PATH: ${searchPath ?? '(unset)'})` };
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
