/**
 * The lines the Logs view holds: one contiguous stretch of the log (a few
 * windows), grown at either end as the user scrolls or the attempt writes,
 * trimmed at the far end so a long follow never holds more than MAX_LINES.
 * Pure: every change returns a new buffer and says how many lines were
 * added before the old first one (the view shifts its scroll by that many
 * rows, so what is on screen stays put).
 */
import type { LogLine, LogWindow } from '../../../shared/log-model.js';

/** Lines held at most. */
export const MAX_LINES = 60_000;

/** A contiguous stretch of a log. */
export interface LogBuffer {
  readonly lines: readonly LogLine[];
  /** Where the stretch starts and ends (byte offsets; equal when it holds no line). */
  readonly from: number;
  readonly to: number;
  /** The log's size and whether it may still grow, as of the last window. */
  readonly size: number;
  readonly writing: boolean;
  readonly cutBytes: number;
}

/** A buffer change and the rows it put before the old first line (negative: removed from the start). */
export interface BufferChange {
  readonly buffer: LogBuffer;
  readonly shift: number;
}

/** The buffer holding just `window`. */
export function bufferOf(window: LogWindow): LogBuffer {
  return { lines: window.lines, from: window.from, to: window.to, size: window.size, writing: window.writing, cutBytes: window.cutBytes };
}

/** Whether the buffer starts at the log's first byte. */
export function atStart(buffer: LogBuffer): boolean {
  return buffer.from === 0;
}

/** Whether the buffer reaches the log's end as last seen. */
export function atEnd(buffer: LogBuffer): boolean {
  return buffer.to >= buffer.size;
}

/** Where the next window after the buffer starts: its end, or the start of an unended last line (to get it whole). */
export function nextFrom(buffer: LogBuffer): number {
  const last = buffer.lines[buffer.lines.length - 1];
  return last?.kind === 'partial' ? last.start : buffer.to;
}

/** Adds a window that starts at nextFrom(buffer) after it (replacing an unended last line), trimming the start past MAX_LINES. */
export function appendWindow(buffer: LogBuffer, window: LogWindow): BufferChange {
  const keep = buffer.lines.filter((line) => line.start < window.from);
  if (keep.length > 0 && keep[keep.length - 1]!.end !== window.from && window.lines.length > 0) return { buffer: bufferOf(window), shift: 0 }; // not adjacent: start afresh
  const lines = [...keep, ...window.lines];
  const drop = Math.max(0, lines.length - MAX_LINES);
  const kept = drop > 0 ? lines.slice(drop) : lines;
  return {
    buffer: { lines: kept, from: kept[0]?.start ?? window.from, to: window.lines.length > 0 ? window.to : (keep[keep.length - 1]?.end ?? window.to), size: window.size, writing: window.writing, cutBytes: window.cutBytes },
    shift: drop > 0 ? -drop : 0,
  };
}

/** Adds a window that ends at the buffer's start before it, trimming the end past MAX_LINES. */
export function prependWindow(buffer: LogBuffer, window: LogWindow): BufferChange {
  if (window.to !== buffer.from) return { buffer: bufferOf(window), shift: 0 };
  const lines = [...window.lines, ...buffer.lines].slice(0, MAX_LINES);
  return {
    buffer: { ...buffer, lines, from: window.from, to: lines[lines.length - 1]?.end ?? window.to, size: window.size, writing: window.writing, cutBytes: window.cutBytes },
    shift: window.lines.length,
  };
}

/** The index of the line holding byte `offset` (the nearest one when none does), or -1 for an empty buffer. */
export function indexOfOffset(buffer: LogBuffer, offset: number): number {
  const { lines } = buffer;
  if (lines.length === 0) return -1;
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid]!.start <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The text of lines [first, last] for the clipboard, each as `shown` makes it (pieces of one line are joined again). */
export function copyText(buffer: LogBuffer, first: number, last: number, shown: (text: string) => string = (text) => text): string {
  const [from, to] = first <= last ? [first, last] : [last, first];
  let text = '';
  for (let k = from; k <= to; k++) {
    const line = buffer.lines[k];
    if (!line) break;
    text += shown(line.text) + (line.kind === 'piece' && k < to ? '' : '\n');
  }
  return text;
}
