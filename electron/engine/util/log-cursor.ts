/**
 * Following an attempt's log across the cuts of its cap (exec/log-cap.ts).
 *
 * A cut moves the log's tail down the file, so a byte offset a follower
 * held points at other output afterwards. Each cut rewrites `<log>.cut`,
 * one line `SEQ HEAD MARKER_LEN TAIL_FROM`: the head's length (where the
 * marker line starts), the marker's length, and the output offset of the
 * tail's first byte; SEQ is odd while a cut is under way. A cursor maps its
 * position through the old cut to output offsets and back through the new
 * one; output it had not read yet that was cut is replaced by the marker
 * line (the follower sees it once per cut it overlapped). A read that a cut
 * overlapped is dropped and taken again on the next call.
 */
import fs from 'node:fs';
import { readChunk } from './log-file.js';

/** Where a cut log's bytes are. */
export interface LogCut {
  readonly seq: number;
  /** Length of the head: the marker line starts here. */
  readonly head: number;
  readonly markerLength: number;
  /** Output offset of the tail's first byte (the file has it at head + markerLength). */
  readonly tailFrom: number;
}

/** The file beside a log that records its cuts. */
export function cutFilePath(logPath: string): string {
  return `${logPath}.cut`;
}

/** Writes the cut record (fixed width, rewritten in place, as the native launcher writes it). */
export function writeCutFile(logPath: string, cut: LogCut): void {
  const pad = (n: number): string => String(n).padStart(20, '0');
  fs.writeFileSync(cutFilePath(logPath), `${pad(cut.seq)} ${pad(cut.head)} ${pad(cut.markerLength)} ${pad(cut.tailFrom)}\n`);
}

/** The log's cut record: null when it was never cut, 'busy' while a cut is under way (or the record reads half-written). */
export function readCutFile(logPath: string): LogCut | null | 'busy' {
  let text: string;
  try {
    text = fs.readFileSync(cutFilePath(logPath), 'latin1');
  } catch {
    return null;
  }
  const match = /^(\d+) (\d+) (\d+) (\d+)\n/.exec(text);
  if (!match) return 'busy';
  const [seq, head, markerLength, tailFrom] = match.slice(1).map(Number) as [number, number, number, number];
  return seq % 2 === 1 ? 'busy' : { seq, head, markerLength, tailFrom };
}

/** Reads a log's new bytes call after call, across cuts (see the file comment). */
export class LogCursor {
  private position: number;
  private cut: LogCut | null;

  /** Starts at byte `position` of the log as it is now. */
  constructor(private readonly file: string, position = 0) {
    this.position = position;
    const cut = readCutFile(file);
    this.cut = cut === 'busy' ? null : cut;
  }

  /** The file offset reached (what a client resuming later passes back). */
  get offset(): number {
    return this.position;
  }

  /** The next bytes (at most `max`); empty when nothing is new, while a cut is under way, or while the log does not exist. */
  read(max?: number): Buffer {
    const before = this.settle();
    if (before === 'busy') return Buffer.alloc(0);
    let chunk: Buffer;
    try {
      chunk = readChunk(this.file, this.position, max);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
    if (!sameCut(readCutFile(this.file), before)) return Buffer.alloc(0); // cut while we read: again next time
    this.position += chunk.length;
    return chunk;
  }

  /** True when everything written so far has been read. */
  atEnd(): boolean {
    if (this.settle() === 'busy') return false;
    try {
      return fs.statSync(this.file).size <= this.position;
    } catch {
      return true;
    }
  }

  /** Moves the position to where its output is under the log's current cut. */
  private settle(): LogCut | null | 'busy' {
    const now = readCutFile(this.file);
    if (now === 'busy' || sameCut(now, this.cut)) return now;
    this.position = positionUnder(outputOffset(this.position, this.cut), now);
    this.cut = now;
    return now;
  }
}

function sameCut(a: LogCut | null | 'busy', b: LogCut | null | 'busy'): boolean {
  if (a === null || b === null || a === 'busy' || b === 'busy') return a === b;
  return a.seq === b.seq;
}

/** The output offset of file byte `position` under `cut`; null inside the marker line. */
function outputOffset(position: number, cut: LogCut | null): number | null {
  if (cut === null || position <= cut.head) return position;
  if (position < cut.head + cut.markerLength) return null;
  return position - cut.head - cut.markerLength + cut.tailFrom;
}

/** The file byte holding output offset `output` under `cut`: the marker's start when that output was cut. */
function positionUnder(output: number | null, cut: LogCut | null): number {
  if (cut === null) return output ?? 0;
  if (output === null) return cut.head;
  if (output <= cut.head) return output;
  if (output >= cut.tailFrom) return cut.head + cut.markerLength + output - cut.tailFrom;
  return cut.head;
}
