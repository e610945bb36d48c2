/**
 * Makes argv commands run their program even when its name is also a shell
 * builtin. The wrapper runs argv commands as `"$@"` in /bin/sh, where `echo`
 * (with sh's escapes), `exit`, `trap`, `cd`, `true`… would be the builtin;
 * a path never is, so those names are looked up on PATH first, as execvp
 * would. Other names are left to the shell's own PATH search in the forked
 * child (no cost to the engine); when such a program is missing, its exit
 * 127 is explained by `commandNotFound`.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The program to run: a name or path for the shell, or the reason there is none. */
export type ResolvedProgram = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly message: string };

/** Names POSIX sh (dash, bash as sh) treats as builtins, plus the wrapper's own functions. */
const SHELL_WORDS = new Set([
  '.', ':', '[', 'alias', 'bg', 'break', 'cd', 'command', 'continue', 'echo', 'eval', 'exec', 'exit', 'export', 'false', 'fc', 'fg',
  'getopts', 'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'test', 'times', 'trap',
  'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait',
]);

/** PATH lookups of builtin names, per PATH and cwd; a hit (a file when found) is re-checked with one access() call per launch. */
const found = new Map<string, string>();

/** What the shell should run for argv[0] = `name`: builtin names become their program's path. */
export function resolveProgram(name: string, searchPath: string | undefined, cwd: string): ResolvedProgram {
  if (name === '') return { ok: false, message: 'the command is empty' };
  if (name.includes('/')) return { ok: true, file: name };
  if (!SHELL_WORDS.has(name) && !name.startsWith('tickwork_')) return { ok: true, file: name };
  const key = `${searchPath ?? ''}\0${cwd}\0${name}`;
  const cached = found.get(key);
  if (cached !== undefined && isExecutable(cached)) return { ok: true, file: cached };
  const file = searchPathFor(name, searchPath, cwd);
  if (file === null) return { ok: false, message: notFound(name, searchPath) };
  found.set(key, file);
  return { ok: true, file };
}

/** For an argv attempt that exited 127: "command not found: NAME (…)" when NAME is not on PATH, else null. */
export function commandNotFound(name: string, searchPath: string | undefined, cwd: string): string | null {
  if (name === '') return 'the command is empty';
  if (name.includes('/')) return fs.existsSync(path.resolve(cwd, name)) ? null : `command not found: ${name}`;
  return searchPathFor(name, searchPath, cwd) === null ? notFound(name, searchPath) : null;
}

function searchPathFor(name: string, searchPath: string | undefined, cwd: string): string | null {
  for (const dir of (searchPath ?? '').split(':')) {
    const candidate = path.resolve(cwd, dir === '' ? '.' : dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** PATH entries a "not on PATH" message shows (the native launcher shows as many): a long PATH would bury the name. */
const PATH_SHOWN = 3;

function notFound(name: string, searchPath: string | undefined): string {
  if (searchPath === undefined) return `command not found: ${name} (not on PATH: (unset))`;
  const entries = searchPath.split(':');
  const shown = entries.length <= PATH_SHOWN ? searchPath : `${entries.slice(0, PATH_SHOWN).join(':')}:…`;
  return `command not found: ${name} (not on PATH: ${shown})`;
}

/** True for an executable regular file. */
export function isExecutableFile(file: string): boolean {
  return isExecutable(file) && fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
