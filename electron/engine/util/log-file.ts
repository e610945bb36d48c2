/**
 * Reading attempt logs (the CLI's `logs`, the API's live tail) in bytes, never whole files: logs can be
 * gigabytes, and their output need not be UTF-8. Offsets are byte positions in
 * the file, so a follower never skips or repeats bytes whatever the encoding.
 */
import fs from 'node:fs';

const BLOCK = 1 << 20;

/** The size of a log in bytes; 0 while it does not exist yet. Other errors (permissions) are thrown. */
export function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Writes `data` to `out`, resolving at once, or once `out` has drained when its buffer is full. */
export function writeOrWait(out: NodeJS.WritableStream, data: Buffer | string): Promise<void> {
  if (data.length === 0 || out.write(data)) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** Copies bytes [from, to) of `file` to `out`, a block at a time, honouring back-pressure. */
export async function copyRange(file: string, from: number, to: number, out: NodeJS.WritableStream): Promise<void> {
  if (to <= from) return;
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(BLOCK, to - from));
    for (let position = from; position < to; ) {
      const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, to - position), position);
      if (read === 0) break;
      position += read;
      await writeOrWait(out, Buffer.from(buffer.subarray(0, read)));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The byte offset where the last `count` lines of the first `size` bytes of
 * `file` begin (a final line without a newline counts), reading backwards
 * from the end a block at a time.
 */
export function tailStart(file: string, size: number, count: number): number {
  if (size === 0) return 0;
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(BLOCK, size));
    let newlines = 0;
    let end = size;
    // A trailing newline ends the last line; it does not start a new one.
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    let skipFinal = last[0] === 0x0a;
    while (end > 0) {
      const start = Math.max(0, end - buffer.length);
      fs.readSync(fd, buffer, 0, end - start, start);
      for (let i = end - start - 1; i >= 0; i--) {
        if (buffer[i] !== 0x0a) continue;
        if (skipFinal) {
          skipFinal = false;
          continue;
        }
        if (++newlines === count) return start + i + 1;
      }
      end = start;
    }
    return 0;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads bytes [from, from + max) of `file` (fewer at its end). */
export function readChunk(file: string, from: number, max: number = BLOCK): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= from) return Buffer.alloc(0);
    const buffer = Buffer.alloc(Math.min(max, size - from));
    const read = fs.readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
