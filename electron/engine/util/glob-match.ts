/**
 * File globs on disk: whether one matches anything (declared outputs: the
 * walk stops at the first match) and every file one matches (a pipeline's
 * `code:` files). Node 20 has no `fs.glob` (Node 22 does), so this walks the
 * tree itself.
 *
 * Syntax: `*` any run of characters within one path segment, `?` one
 * character, `**` as a whole segment zero or more directories. Everything
 * else is literal (no `[…]` classes, no `{a,b}`, no escapes). As in a shell,
 * `*` and `?` do not match a leading `.` unless the segment itself starts
 * with one, and `**` does not descend into dot-directories or through
 * symbolic links (so a link cycle cannot trap it); a literal or `*` segment
 * does follow links. A match is any existing entry: file or directory.
 */
import fs from 'node:fs';
import path from 'node:path';

const WILDCARD = /[*?]/;

/** True when the absolute (or cwd-relative) `pattern` matches at least one existing path. */
export function globHasMatch(pattern: string): boolean {
  return !globWalk(pattern).next().done;
}

/**
 * Every file `pattern` matches, absolute and sorted; a matched directory
 * stands for the files under it (as `dir/**` would: no dot-entries, no links
 * followed). Each file once, however many ways the pattern reaches it.
 */
export function globFiles(pattern: string): string[] {
  const files = new Set<string>();
  for (const match of globWalk(pattern)) {
    if (isFile(match)) files.add(match);
    else if (isDirectory(match)) {
      for (const file of globWalk(path.join(match, '**', '*'))) if (isFile(file)) files.add(file);
    }
  }
  return [...files].sort();
}

/** The existing paths `pattern` matches, lazily, in no particular order (a path reached two ways may come twice). */
function* globWalk(pattern: string): Generator<string> {
  const absolute = path.resolve(pattern);
  if (!WILDCARD.test(absolute)) {
    if (fs.existsSync(absolute)) yield absolute;
    return;
  }
  const { root } = path.parse(absolute);
  const segments = absolute.slice(root.length).split(path.sep).filter((s) => s !== '');
  // Depth-first over (directory, index of the segment to match inside it); iterative, so depth is no limit.
  const stack: Array<readonly [string, number]> = [[root, 0]];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const [dir, index] = stack.pop()!;
    if (index === segments.length) {
      yield dir; // only existing paths are ever pushed
      continue;
    }
    const key = `${index}\0${dir}`;
    if (visited.has(key)) continue; // `a/**/**/b` reaches the same place many ways
    visited.add(key);
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    if (segment === '**') {
      stack.push([dir, index + 1]);
      for (const entry of readDir(dir)) {
        if (entry.isDirectory() && !entry.name.startsWith('.')) stack.push([path.join(dir, entry.name), index]);
      }
      continue;
    }
    if (!WILDCARD.test(segment)) {
      const next = path.join(dir, segment);
      if (last ? fs.existsSync(next) : isDirectory(next)) stack.push([next, index + 1]);
      continue;
    }
    const regex = segmentRegExp(segment);
    for (const entry of readDir(dir)) {
      if (!regex.test(entry.name)) continue;
      const next = path.join(dir, entry.name);
      if (last) yield next;
      else if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(next))) stack.push([next, index + 1]);
    }
  }
}

/** The regular expression of one segment holding `*` or `?`. */
export function segmentRegExp(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${body}$`, 's');
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // missing, not a directory, or unreadable: nothing matches inside it
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
