/**
 * Writes a whole file or nothing: the text goes to a temp file in the same
 * directory, then a rename puts it in place, so a reader (the user's service
 * manager, the desktop's autostart, the next app launch) never sees half a
 * file. On failure the temp file is removed and the error is thrown as is.
 */
import fs from 'node:fs';
import path from 'node:path';

/** How `writeFileAtomic` creates what it writes. */
export interface WriteFileAtomicOptions {
  /** The file's permission bits (default 0o644). */
  readonly mode?: number;
  /** Permission bits of parent directories it creates (default: the process's umask). */
  readonly dirMode?: number;
}

/** See the file comment; the parent directories are created when missing. */
export function writeFileAtomic(file: string, text: string, options: WriteFileAtomicOptions = {}): void {
  const mode = options.mode ?? 0o644;
  fs.mkdirSync(path.dirname(file), { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode });
    fs.chmodSync(temp, mode); // a temp file left by a crashed writer with this pid keeps its old mode otherwise
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
