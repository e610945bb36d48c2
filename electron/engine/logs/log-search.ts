/**
 * Searching an attempt's log for the next or previous matching line, a
 * block of whole lines at a time (4 MB), so a gigabyte log is searched in
 * seconds without being held in memory. Each block is one asynchronous read:
 * the daemon keeps answering meanwhile, and the caller's signal (the client
 * went away) stops the scan between blocks. A scan takes at most `budgetMs`
 * per call and says where it stopped; the caller asks again from there.
 *
 * Plain case-sensitive text is searched in the raw bytes (Buffer.indexOf);
 * anything else decodes the block as UTF-8 and runs the regular expression
 * over it, multiline (^ and $ at line ends). A log the cap cuts while it is
 * searched may show a line as it was before the cut; the view re-reads its
 * window when it jumps there.
 */
import fs from 'node:fs';
import type { LogMatch, LogSearchAnswer } from '../../../shared/log-model.js';
import { readCutFile } from '../util/log-cursor.js';
import { LogLayout, type LayoutRead } from './log-layout.js';
import { lineAt } from './log-lines.js';
import { LogRangeError } from './log-window.js';

/** What to look for, compiled once per call. */
export interface LogQuery {
  /** The pattern with flags g and m (and i unless case-sensitive). */
  readonly pattern: RegExp;
  /** Set for plain case-sensitive text: its UTF-8 bytes, searched without decoding. */
  readonly literal: Buffer | null;
}

/** A scan's inputs. */
export interface LogSearchOptions {
  readonly fromByte: number;
  readonly direction: 'next' | 'prev';
  readonly writing: boolean;
  readonly budgetMs: number;
  readonly signal?: AbortSignal;
}

/** A query string the daemon cannot compile (a bad regular expression): the API answers 400. */
export class LogQueryError extends Error {}

const BLOCK = 4 << 20;
const NEWLINE = 0x0a;
/** Matches highlighted per line at most. */
const MAX_RANGES = 200;

/** Compiles a search query (plain text unless `regex`). */
export function compileLogQuery(query: string, options: { readonly regex?: boolean; readonly caseSensitive?: boolean }): LogQuery {
  const source = options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    const pattern = new RegExp(source, options.caseSensitive ? 'gm' : 'gim');
    return { pattern, literal: !options.regex && options.caseSensitive ? Buffer.from(query) : null };
  } catch (error) {
    throw new LogQueryError(`query is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The next (or previous) line of `file` matching `query` from output offset `fromByte` (see the file comment). */
export async function searchLog(file: string, query: LogQuery, options: LogSearchOptions): Promise<LogSearchAnswer> {
  const cut = readCutFile(file);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (options.fromByte > 0) throw new LogRangeError(`fromByte ${options.fromByte} is past the log's end (0 bytes)`);
    return { match: null, done: true, scannedTo: 0, size: 0 };
  }
  try {
    const layout = new LogLayout((await handle.stat()).size, cut === 'busy' ? null : cut);
    if (options.fromByte > layout.outputSize) throw new LogRangeError(`fromByte ${options.fromByte} is past the log's end (${layout.outputSize} bytes)`);
    const at: LayoutRead = { fd: handle.fd, layout };
    const scan = new Scan(handle, at, query, options);
    const found = options.direction === 'next' ? await scan.forward() : await scan.backward();
    const size = layout.outputSize;
    if (typeof found !== 'number') return { match: null, done: found.done, scannedTo: layout.toOutput(found.at), size };
    const line = lineAt(at, found, options.writing);
    return { match: line ? { line, ranges: matchRanges(query.pattern, line.text) } : null, done: true, scannedTo: line?.end ?? size, size };
  } finally {
    await handle.close();
  }
}

/** Where the matches of `pattern` are in `text` (zero-length matches are skipped). */
export function matchRanges(pattern: RegExp, text: string): LogMatch['ranges'] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  const ranges: Array<readonly [number, number]> = [];
  for (let match = global.exec(text); match && ranges.length < MAX_RANGES; match = global.exec(text)) {
    if (match[0].length === 0) {
      global.lastIndex++;
      continue;
    }
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** One call's scan over one open file. */
class Scan {
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private readonly deadline: number;

  constructor(
    private readonly handle: fs.promises.FileHandle,
    private readonly at: LayoutRead,
    private readonly query: LogQuery,
    private readonly options: LogSearchOptions,
  ) {
    this.deadline = Date.now() + options.budgetMs;
  }

  /** The file position of the first match in a line starting at or after fromByte; else where the scan stopped. */
  async forward(): Promise<number | { done: boolean; at: number }> {
    const size = this.at.layout.fileSize;
    let position = this.at.layout.toFile(this.options.fromByte);
    if (position > 0 && position < size) {
      const before = await this.read(position - 1, 1);
      if (before[0] !== NEWLINE) {
        const rest = await this.read(position, Math.min(BLOCK, size - position));
        const newline = rest.indexOf(NEWLINE);
        position = newline === -1 ? position + rest.length : position + newline + 1; // lines starting at or after it
      }
    }
    while (position < size) {
      if (this.outOfTime()) return { done: false, at: position };
      const bytes = await this.read(position, Math.min(BLOCK, size - position));
      if (bytes.length === 0) break;
      let end = bytes.length;
      if (position + end < size) {
        const lastNewline = bytes.lastIndexOf(NEWLINE);
        if (lastNewline !== -1) end = lastNewline + 1; // whole lines; a line longer than a block is searched as it comes
      }
      const hit = this.firstIn(bytes.subarray(0, end));
      if (hit !== null) return position + hit;
      position += end;
    }
    return { done: true, at: size };
  }

  /** The file position of the last match in a line ending at or before fromByte; else where the scan stopped. */
  async backward(): Promise<number | { done: boolean; at: number }> {
    const size = this.at.layout.fileSize;
    let end = this.at.layout.toFile(this.options.fromByte);
    if (end > 0 && end < size) {
      const from = Math.max(0, end - BLOCK);
      const before = await this.read(from, end - from);
      end = from + before.lastIndexOf(NEWLINE) + 1; // not the line it cuts (0 when no line ends before it in a block)
    }
    while (end > 0) {
      if (this.outOfTime()) return { done: false, at: end };
      const from = Math.max(0, end - BLOCK);
      const bytes = await this.read(from, end - from);
      let start = 0;
      if (from > 0) {
        const firstNewline = bytes.indexOf(NEWLINE);
        if (firstNewline !== -1 && firstNewline + 1 < bytes.length) start = firstNewline + 1;
      }
      const hit = this.lastIn(bytes.subarray(start));
      if (hit !== null) return from + start + hit;
      end = from + start;
    }
    return { done: true, at: 0 };
  }

  private outOfTime(): boolean {
    this.options.signal?.throwIfAborted();
    return Date.now() > this.deadline;
  }

  /** The byte index of the first match in `bytes`, or null. */
  private firstIn(bytes: Buffer): number | null {
    if (this.query.literal) {
      const at = bytes.indexOf(this.query.literal);
      return at === -1 ? null : at;
    }
    const text = bytes.toString('utf8');
    const pattern = this.query.pattern;
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    return match ? byteIndex(bytes, text, match.index) : null;
  }

  /** The byte index of the last match in `bytes`, or null. */
  private lastIn(bytes: Buffer): number | null {
    if (this.query.literal) {
      const at = bytes.lastIndexOf(this.query.literal);
      return at === -1 ? null : at;
    }
    const text = bytes.toString('utf8');
    const pattern = this.query.pattern;
    pattern.lastIndex = 0;
    let last: number | null = null;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      last = match.index;
      if (match[0].length === 0) pattern.lastIndex++;
    }
    return last === null ? null : byteIndex(bytes, text, last);
  }

  private async read(position: number, length: number): Promise<Buffer> {
    const buffer = length <= BLOCK ? this.block : Buffer.allocUnsafe(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }
}

/**
 * The byte index in `bytes` of UTF-16 index `index` of its decoding `text`:
 * its line is found by counting line breaks (one byte each whatever the
 * encoding), then the rest is measured in UTF-8.
 */
function byteIndex(bytes: Buffer, text: string, index: number): number {
  const lineStart = index === 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1;
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < lineStart; at = text.indexOf('\n', at + 1)) breaks++;
  let byteLineStart = 0;
  for (let k = 0; k < breaks; k++) byteLineStart = bytes.indexOf(NEWLINE, byteLineStart) + 1;
  return byteLineStart + Buffer.byteLength(text.slice(lineStart, index));
}
