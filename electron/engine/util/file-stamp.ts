/** A cheap change marker of a file (mtime and size), or 'missing'. */
import fs from 'node:fs';

/** See the file comment. */
export function fileStamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return 'missing';
  }
}
