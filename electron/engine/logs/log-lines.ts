/**
 * Cutting a log file into lines without reading more of it than a window:
 * where the line holding a position starts (scanning back from it), and the
 * lines from a line start on (reading forward).
 *
 * A line longer than LOG_LINE_MAX comes in pieces that end at fixed grid
 * points of the file (every LOG_LINE_MAX bytes, moved past a UTF-8
 * character's continuation bytes), so every window cuts the same line the
 * same way whichever position it started from, and finding a piece's start
 * never scans back further than two grid steps.
 */
import { LOG_LINE_MAX, type LogLine } from '../../../shared/log-model.js';
import { readAt, type LayoutRead } from './log-layout.js';

/** A line in file positions. */
export interface FileLine {
  readonly start: number;
  readonly end: number;
  /** It ends with a line break (else it is a piece, or the file's last line). */
  readonly newline: boolean;
  /** A piece of a longer line. */
  readonly piece: boolean;
}

const NEWLINE = 0x0a;

/** The start of the line (or piece) holding file position `position` (< fileSize). */
export function lineStartAt(at: LayoutRead, position: number): number {
  if (position <= 0) return 0;
  const from = Math.max(0, position - 2 * LOG_LINE_MAX - 4);
  const before = readAt(at.fd, from, position - from);
  const newline = before.lastIndexOf(NEWLINE);
  if (newline === -1 && from > 0) return gridFloor(at, position); // a line this long comes in pieces
  const lineStart = newline === -1 ? 0 : from + newline + 1;
  if (!isLong(at, lineStart)) return lineStart;
  return Math.max(lineStart, gridFloor(at, position));
}

/** Whether the line starting at `lineStart` is longer than LOG_LINE_MAX (so it comes in pieces). */
function isLong(at: LayoutRead, lineStart: number): boolean {
  const ahead = readAt(at.fd, lineStart, LOG_LINE_MAX + 1);
  return ahead.length > LOG_LINE_MAX && ahead.indexOf(NEWLINE) === -1;
}

/** Whether `position` is where a line or piece starts (or the file's end). */
export function isLineStart(at: LayoutRead, position: number): boolean {
  return position <= 0 || position >= at.layout.fileSize || lineStartAt(at, position) === position;
}

/**
 * The lines from line start `start` on, until about `maxBytes` of them or
 * `limit` (a line boundary; default the file's end). The file's last line
 * without a line break is included.
 */
export function linesFrom(at: LayoutRead, start: number, maxBytes: number, limit = at.layout.fileSize): FileLine[] {
  const size = at.layout.fileSize;
  const end = Math.min(limit, size);
  const buffer = readAt(at.fd, start, Math.min(end - start, maxBytes + LOG_LINE_MAX + 4));
  const byteAt = (position: number): number | undefined =>
    position - start < buffer.length ? buffer[position - start] : readAt(at.fd, position, 1)[0];
  const lines: FileLine[] = [];
  let position = start;
  const stop = start + buffer.length;
  // Only a line longer than LOG_LINE_MAX is cut at grid points: inside one (a piece's start), or one found longer.
  let inLongLine = start > 0 && byteAt(start - 1) !== NEWLINE;
  while (position < stop && position - start < maxBytes) {
    const newline = buffer.indexOf(NEWLINE, position - start);
    const lineEnd = newline === -1 ? stop : start + newline + 1;
    if (!inLongLine) inLongLine = (newline === -1 ? lineEnd - position + (stop < size ? 1 : 0) : lineEnd - position - 1) > LOG_LINE_MAX;
    const grid = inLongLine ? gridAfter(position, lineEnd, byteAt) : null;
    if (grid !== null) {
      lines.push({ start: position, end: grid, newline: false, piece: true });
      position = grid;
      continue;
    }
    inLongLine = false;
    if (newline === -1 && stop < end) break; // cannot happen: a line this long has a grid point inside the buffer
    // Unended before the file's end: `limit` cut it at a grid point.
    lines.push({ start: position, end: lineEnd, newline: newline !== -1, piece: newline === -1 && lineEnd < size });
    position = lineEnd;
  }
  return lines;
}

/** The LogLines of `lines` (text decoded, output offsets, kinds); `writing`: the attempt may still add to the last line. */
export function toLogLines(at: LayoutRead, lines: readonly FileLine[], writing: boolean): LogLine[] {
  if (lines.length === 0) return [];
  const first = lines[0]!.start;
  const bytes = readAt(at.fd, first, lines[lines.length - 1]!.end - first);
  const { layout } = at;
  return lines.map((line) => {
    let textEnd = line.end - first - (line.newline ? 1 : 0);
    if (line.newline && textEnd > line.start - first && bytes[textEnd - 1] === 0x0d) textEnd--; // CRLF
    const kind = layout.inMarker(line.start) ? 'marker' : line.piece ? 'piece' : !line.newline && writing && line.end === layout.fileSize ? 'partial' : undefined;
    return {
      start: layout.toOutput(line.start),
      end: layout.toOutput(line.end),
      text: bytes.toString('utf8', line.start - first, textEnd),
      ...(kind ? { kind } : {}),
    };
  });
}

/** The LogLine holding file position `position`. */
export function lineAt(at: LayoutRead, position: number, writing: boolean): LogLine | null {
  const line = linesFrom(at, lineStartAt(at, Math.min(position, Math.max(0, at.layout.fileSize - 1))), 1)[0];
  return line ? toLogLines(at, [line], writing)[0]! : null;
}

/** The grid point at or after raw point `raw`, moved past continuation bytes (at most three). */
function adjust(raw: number, byteAt: (position: number) => number | undefined): number {
  let at = raw;
  while (at > 0 && at - raw < 3 && isContinuation(byteAt(at))) at++;
  return at;
}

/** The last grid point at or before `position`. */
function gridFloor(at: LayoutRead, position: number): number {
  const byteAt = (p: number): number | undefined => readAt(at.fd, p, 1)[0];
  let raw = Math.floor(position / LOG_LINE_MAX) * LOG_LINE_MAX;
  if (raw === 0) return 0;
  if (position - raw < 3) {
    const moved = adjust(raw, byteAt);
    if (moved > position) raw -= LOG_LINE_MAX;
    else return moved;
  }
  return raw === 0 ? 0 : adjust(raw, byteAt);
}

/** The first grid point strictly between `position` and `lineEnd`, or null. */
function gridAfter(position: number, lineEnd: number, byteAt: (position: number) => number | undefined): number | null {
  const raw = Math.floor(position / LOG_LINE_MAX) * LOG_LINE_MAX;
  if (raw > 0 && position - raw < 3) {
    const moved = adjust(raw, byteAt);
    if (moved > position && moved < lineEnd) return moved;
  }
  const next = raw + LOG_LINE_MAX;
  if (next >= lineEnd) return null;
  const moved = adjust(next, byteAt);
  return moved < lineEnd ? moved : null;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
