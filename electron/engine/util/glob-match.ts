/**
 * Whether a file glob matches anything on disk, for declared outputs. Node 20
 * has no `fs.glob` (Node 22 does), and the question asked is only "is there at
 * least one?", so this walks the tree itself and stops at the first match.
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
  const absolute = path.resolve(pattern);
  if (!WILDCARD.test(absolute)) return fs.existsSync(absolute);
  const { root } = path.parse(absolute);
  const segments = absolute.slice(root.length).split(path.sep).filter((s) => s !== '');
  // Depth-first over (directory, index of the segment to match inside it); iterative, so depth is no limit.
  const stack: Array<readonly [string, number]> = [[root, 0]];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const [dir, index] = stack.pop()!;
    if (index === segments.length) return true; // only existing paths are ever pushed
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
      if (last) return true;
      const next = path.join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(next))) stack.push([next, index + 1]);
    }
  }
  return false;
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

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
