/**
 * Where a log's output is in its file: the map between output offsets (what
 * shared/log-model.ts hands clients) and file positions, across the cap's
 * cut (exec/log-cap.ts, util/log-cursor.ts).
 *
 * An uncut log maps one to one. A cut one is three segments: the head
 * (file [0, head) = output [0, head)), the marker line (file [head,
 * head + markerLength), standing for the cut output [head, tailFrom)), and
 * the tail (file [head + markerLength, size) = output [tailFrom, …)).
 *
 * `withStableLayout` reads under one layout: it takes the cut record before
 * and after the read and reads again when a cut happened in between (or
 * while one is under way), as LogCursor does.
 */
import fs from 'node:fs';
import { readCutFile, type LogCut } from '../util/log-cursor.js';

/** A log's layout at one moment. */
export class LogLayout {
  constructor(
    /** Bytes in the file. */
    readonly fileSize: number,
    readonly cut: LogCut | null,
  ) {}

  /** Bytes of output so far, cut ones included. */
  get outputSize(): number {
    return this.toOutput(this.fileSize);
  }

  /** Bytes the cap cut from the middle. */
  get cutBytes(): number {
    return this.cut ? this.cut.tailFrom - this.cut.head : 0;
  }

  /** Where the tail starts in the file (fileSize when the log was never cut: no marker to step over). */
  get tailStart(): number {
    return this.cut ? this.cut.head + this.cut.markerLength : this.fileSize;
  }

  /** Whether file position `position` is inside the marker line. */
  inMarker(position: number): boolean {
    return this.cut !== null && position >= this.cut.head && position < this.tailStart;
  }

  /** The output offset of file position `position` (inside the marker: the cut's first byte). */
  toOutput(position: number): number {
    const cut = this.cut;
    if (cut === null || position <= cut.head) return position;
    if (position < cut.head + cut.markerLength) return cut.head;
    return position - cut.head - cut.markerLength + cut.tailFrom;
  }

  /** The file position holding output offset `offset` (cut output: where the marker line starts), at most fileSize. */
  toFile(offset: number): number {
    const cut = this.cut;
    let position = offset;
    if (cut !== null && offset > cut.head) position = offset < cut.tailFrom ? cut.head : offset - cut.tailFrom + cut.head + cut.markerLength;
    return Math.min(position, this.fileSize);
  }
}

/** An open log file with its layout, for reads that must all agree on one layout. */
export interface LayoutRead {
  readonly fd: number;
  readonly layout: LogLayout;
}

/** How long a read waits for a cut under way to finish before it gives up. */
const CUT_WAIT_MS = 2_000;

/**
 * Runs `read` on the open log under a layout no cut changed meanwhile (see
 * the file comment). A missing log reads as empty: the attempt has not
 * written yet.
 */
export async function withStableLayout<T>(file: string, read: (at: LayoutRead) => T | Promise<T>, signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + CUT_WAIT_MS;
  for (;;) {
    signal?.throwIfAborted();
    const before = readCutFile(file);
    if (before !== 'busy') {
      const fd = openOrNull(file);
      try {
        const size = fd === null ? 0 : fs.fstatSync(fd).size;
        const result = await read({ fd: fd ?? -1, layout: new LogLayout(size, before) });
        if (sameCut(readCutFile(file), before)) return result;
      } finally {
        if (fd !== null) fs.closeSync(fd);
      }
    }
    if (Date.now() > deadline) throw new Error(`the log ${file} is being cut; try again`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads `length` bytes at `position` (fewer at the end of the file; none for a log that does not exist yet). */
export function readAt(fd: number, position: number, length: number): Buffer {
  if (fd < 0 || length <= 0) return Buffer.alloc(0);
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = fs.readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

function openOrNull(file: string): number | null {
  try {
    return fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sameCut(a: LogCut | null | 'busy', b: LogCut | null): boolean {
  if (a === 'busy') return false;
  return a === null || b === null ? a === b : a.seq === b.seq;
}
