/**
 * The attempt log's cap (`log_max`): a log keeps its head (about the first
 * half of the cap) and its tail (the latest output), with one marker line
 * between them saying how much was cut:
 *
 *   … [tickwork: 1,234,567 bytes cut from the middle; log_max 64 KB] …
 *
 * The native launcher holds a log to its cap while the attempt writes it
 * (native/log-cap.c, the same layout and marker), also while no engine
 * runs. The sh and direct launchers let an attempt write its log itself, so
 * there the engine cuts the log once its attempt has ended (`capLogFile`).
 * Either way `<log>.cut` records where the bytes went, for readers that
 * follow a log while it is cut (util/log-cursor.ts).
 */
import fs from 'node:fs';
import { formatSize, groupDigits } from '../../../shared/sizes.js';
import { cutFilePath, writeCutFile } from '../util/log-cursor.js';

/** The cap when a project names none: 100 MB. */
export const DEFAULT_LOG_MAX = 100 * 1024 * 1024;

/** How far a cut looks for a line break to end the head at, or to start the tail at. */
const LINE_WINDOW = 4096;

/** The marker line put between head and tail (`newlineBefore`: the head does not end at a line break). */
export function logMarker(cutBytes: number, logMax: number, newlineBefore: boolean): string {
  return `${newlineBefore ? '\n' : ''}… [tickwork: ${groupDigits(cutBytes)} bytes cut from the middle; log_max ${formatSize(logMax)}] …\n`;
}

/** The cap an attempt's log gets from its task spec (absent: the default; null: none, as 0). */
export function logCapOf(spec: { readonly logMaxBytes?: number | null }): number {
  return spec.logMaxBytes === undefined ? DEFAULT_LOG_MAX : (spec.logMaxBytes ?? 0);
}

/**
 * Cuts the middle out of a finished attempt's log longer than `logMax`,
 * keeping the head and the last half-cap, in place and a block at a time
 * (never the whole log in memory). Returns the bytes cut (0: nothing to do,
 * or the log was cut already while it was written).
 */
export function capLogFile(file: string, logMax: number): number {
  if (logMax <= 0 || fs.existsSync(cutFilePath(file))) return 0;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch {
    return 0; // no log (nothing ran)
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= logMax) return 0;
    const head = headEnd(fd, Math.floor(logMax / 2));
    const keep = logMax - Math.floor(logMax / 2);
    const from = tailStart(fd, size - keep, keep);
    const cut = from - head;
    const marker = Buffer.from(logMarker(cut, logMax, !endsWithNewline(fd, head)));
    const to = head + marker.length;
    // A cut no longer than its marker saves nothing, and copying the tail forward onto
    // itself would overwrite bytes not yet read (the native launcher has the same guard).
    if (to >= from) return 0;
    writeCutFile(file, { seq: 1, head, markerLength: marker.length, tailFrom: from });
    const block = Buffer.alloc(1 << 16);
    for (let done = 0; done < size - from; ) {
      const read = fs.readSync(fd, block, 0, Math.min(block.length, size - from - done), from + done);
      if (read <= 0) break;
      fs.writeSync(fd, block, 0, read, to + done);
      done += read;
    }
    fs.writeSync(fd, marker, 0, marker.length, head);
    fs.ftruncateSync(fd, to + size - from);
    writeCutFile(file, { seq: 2, head, markerLength: marker.length, tailFrom: from });
    return cut;
  } finally {
    fs.closeSync(fd);
  }
}

/** Where the head ends: after the last line break shortly before `end`, else at a whole character. */
function headEnd(fd: number, end: number): number {
  const window = Math.min(LINE_WINDOW, Math.floor(end / 2));
  const bytes = readAt(fd, end - window, window);
  const newline = bytes.lastIndexOf(0x0a);
  if (newline !== -1) return end - window + newline + 1;
  let at = end;
  for (let k = 0; k < 3 && at > 0 && isContinuation(readAt(fd, at, 1)[0]); k++) at--;
  return at;
}

/** Where a tail of `keep` bytes from `from` starts: after the first line break near its start, else at a whole character. */
function tailStart(fd: number, from: number, keep: number): number {
  const bytes = readAt(fd, from, Math.min(LINE_WINDOW, Math.floor(keep / 4)));
  const newline = bytes.indexOf(0x0a);
  if (newline !== -1) return from + newline + 1;
  let at = from;
  for (let k = 0; k < 3 && k < bytes.length && isContinuation(bytes[k]); k++) at++;
  return at;
}

function endsWithNewline(fd: number, end: number): boolean {
  return end === 0 || readAt(fd, end - 1, 1)[0] === 0x0a;
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}
