/**
 * A window of an attempt's log by offset (forward from a position, or the
 * lines before one), by line number, or at its tail, reading only about the
 * window's bytes however big the log is: a seek, a scan back to the line
 * start, one read. `waitForOutput` is the long poll a following view makes
 * at the end of a log still being written.
 */
import fs from 'node:fs';
import type { LogLine } from '../../../shared/log-model.js';
import { withStableLayout, readAt, type LayoutRead } from './log-layout.js';
import { isLineStart, lineStartAt, linesFrom, toLogLines } from './log-lines.js';

/** Where a window starts or ends (one of them). */
export type WindowAnchor =
  | { readonly fromByte: number }
  | { readonly toByte: number }
  | { readonly fromLine: number }
  | { readonly tail: true };

/** A window as read: lines and where it sits. */
export interface WindowLines {
  readonly lines: readonly LogLine[];
  readonly from: number;
  readonly to: number;
  readonly size: number;
  readonly cutBytes: number;
}

/** A request the log cannot answer (an offset past its end): the API turns it into a 400. */
export class LogRangeError extends Error {}

const SCAN_BLOCK = 4 << 20;

/** Reads the window `anchor` names from `file` (about `maxBytes` of lines). */
export function readLogWindow(file: string, anchor: WindowAnchor, options: { readonly maxBytes: number; readonly writing: boolean; readonly signal?: AbortSignal }): Promise<WindowLines> {
  return withStableLayout(file, async (at) => {
    const { layout } = at;
    const size = layout.outputSize;
    const answer = (lines: LogLine[], empty: number): WindowLines => ({
      lines,
      from: lines[0]?.start ?? empty,
      to: lines[lines.length - 1]?.end ?? empty,
      size,
      cutBytes: layout.cutBytes,
    });
    if ('fromByte' in anchor || 'fromLine' in anchor) {
      let start: number;
      if ('fromByte' in anchor) {
        if (anchor.fromByte > size) throw new LogRangeError(`fromByte ${anchor.fromByte} is past the log's end (${size} bytes)`);
        const position = layout.toFile(anchor.fromByte);
        start = position >= layout.fileSize ? layout.fileSize : lineStartAt(at, position);
      } else {
        start = await lineNumberStart(at, anchor.fromLine, options.signal);
      }
      return answer(toLogLines(at, linesFrom(at, start, options.maxBytes), options.writing), layout.toOutput(start));
    }
    if ('toByte' in anchor && anchor.toByte > size) throw new LogRangeError(`toByte ${anchor.toByte} is past the log's end (${size} bytes)`);
    let end = 'toByte' in anchor ? layout.toFile(anchor.toByte) : layout.fileSize;
    if (!isLineStart(at, end)) end = lineStartAt(at, end); // lines ending at or before it: not the one it cuts
    const start = firstLineStartFrom(at, end - options.maxBytes, end);
    return answer(toLogLines(at, linesFrom(at, start, end - start, end), options.writing), layout.toOutput(end));
  }, options.signal);
}

/**
 * Resolves once the log at file `file` has more to show after output offset
 * `fromByte` than an unfinished line: a complete line at once, else any
 * growth, the attempt's end (`finished`), `waitMs` or the signal.
 */
export async function waitForOutput(file: string, fromByte: number, options: { readonly waitMs: number; readonly finished: () => boolean; readonly signal?: AbortSignal }): Promise<void> {
  const look = (): Promise<{ ready: boolean; stamp: string }> =>
    withStableLayout(file, ({ fd, layout }) => {
      const position = layout.toFile(fromByte);
      const rest = readAt(fd, position, Math.min(layout.fileSize - position, 64 * 1024));
      return { ready: rest.includes(0x0a) || rest.length >= 64 * 1024, stamp: `${layout.fileSize}/${layout.cut?.seq ?? 0}` };
    });
  const first = await look();
  if (first.ready || options.finished()) return;
  const deadline = Date.now() + options.waitMs;
  while (Date.now() < deadline && !options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (options.finished() || (await look()).stamp !== first.stamp) return;
  }
}

/** The first line start at or after `position` (at most `maxBytes` back from `end`), but never `end` itself when a line ends there. */
function firstLineStartFrom(at: LayoutRead, position: number, end: number): number {
  if (position <= 0) return 0;
  const start = lineStartAt(at, position);
  if (start === position) return start;
  const next = linesFrom(at, start, 1, end)[0]?.end ?? end;
  return next < end ? next : start; // a line longer than the window: the whole line, not none
}

/** The file position where line `lineNumber` (1-based) starts, counting line breaks from the start a block at a time. */
async function lineNumberStart(at: LayoutRead, lineNumber: number, signal?: AbortSignal): Promise<number> {
  let left = lineNumber - 1;
  if (left <= 0) return 0;
  const block = Buffer.allocUnsafe(SCAN_BLOCK);
  for (let position = 0; position < at.layout.fileSize; ) {
    signal?.throwIfAborted();
    const read = await new Promise<number>((resolve, reject) => fs.read(at.fd, block, 0, SCAN_BLOCK, position, (error, bytes) => (error ? reject(error) : resolve(bytes))));
    if (read === 0) break;
    for (let newline = block.indexOf(0x0a); newline !== -1 && newline < read; newline = block.indexOf(0x0a, newline + 1)) {
      if (--left === 0) return position + newline + 1;
    }
    position += read;
  }
  throw new LogRangeError(`fromLine ${lineNumber} is past the log's last line`);
}
