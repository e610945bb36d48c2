/**
 * The content of a task's `code:` files, frozen into its spec when a run is
 * planned: every file the globs match, by path relative to the project
 * directory, with the SHA-256 of its bytes. The map enters the cache key (an
 * edited script re-runs its task) and says, against an earlier run's, which
 * file changed (why-runs.ts).
 *
 * Hashing is paid once per file version, not once per plan: a file whose
 * inode, size, mtime and ctime are what they were keeps its digest (ctime
 * cannot be set back by a program, so an edit always shows).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { globFiles } from '../util/glob-match.js';

/** path → digest, or the glob that matched no file (a usage error at plan time). */
export type CodeFilesResult = { readonly ok: true; readonly files: Readonly<Record<string, string>> } | { readonly ok: false; readonly message: string };

/** Digests of the files `globs` match under `projectDir`, sorted by path; a glob matching nothing is an error. */
export function codeFilesOf(globs: readonly string[], projectDir: string): CodeFilesResult {
  const matched = new Set<string>();
  for (const glob of globs) {
    const files = globFiles(path.resolve(projectDir, glob));
    if (files.length === 0) return { ok: false, message: `code glob "${glob}" matches no file under ${projectDir}` };
    for (const file of files) matched.add(file);
  }
  const out: Record<string, string> = {};
  for (const file of [...matched].sort()) out[path.relative(projectDir, file).split(path.sep).join('/')] = fileDigest(file);
  return { ok: true, files: out };
}

/** What a digest was computed from: the file's identity and last change. */
interface Seen {
  readonly stamp: string;
  readonly digest: string;
}

const seen = new Map<string, Seen>();

/** Hex SHA-256 of the file's content, reused while its stat stamp is unchanged. */
function fileDigest(file: string): string {
  const stat = fs.statSync(file, { bigint: true });
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const known = seen.get(file);
  if (known?.stamp === stamp) return known.digest;
  const digest = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  seen.set(file, { stamp, digest });
  return digest;
}
