/**
 * An attempt's log as the Logs view pages through it (logs.window,
 * logs.search, logs.firstError).
 *
 * Offsets are bytes of the attempt's output as it was written: in a log the
 * cap never cut they are the file's byte offsets; in a cut log (log_max:
 * head, marker line, tail) the tail keeps the offsets its output had, and
 * the marker line spans the bytes that were cut. So an offset a client holds
 * stays valid while the log is cut again under it. Lines tile the output:
 * each line's `end` is the next one's `start`.
 */

/** Longer lines come in pieces of at most this many bytes (one row each), so a window never holds a whole 50 MB line. */
export const LOG_LINE_MAX = 32 * 1024;

/** What logs.firstError looks for: a traceback, an exception or error class, an ERROR/FATAL level, a panic, a non-zero exit. */
export const FIRST_ERROR_PATTERN =
  '^Traceback \\(most recent call last\\)|\\b[A-Z]\\w*(?:Error|Exception)\\b|\\bERROR\\b|\\bError\\b|\\berror:|\\bFATAL\\b|\\bFatal\\b|\\bpanic:|\\bexit (?:code|status) [1-9]';

/** One line (or piece of a long line) of a log. */
export interface LogLine {
  /** Offset of its first byte. */
  readonly start: number;
  /** Offset after it (after its line break). */
  readonly end: number;
  /** Its text without the line break, decoded as UTF-8 (bytes that are not become U+FFFD). */
  readonly text: string;
  /**
   * `marker`: the cap's line saying how many bytes were cut from the middle;
   * `partial`: the last line, not ended yet (the attempt is still writing it);
   * `piece`: a piece of a line longer than LOG_LINE_MAX, continued by the next.
   */
  readonly kind?: 'marker' | 'partial' | 'piece';
}

/** Which attempt's log (default: the task's latest attempt). */
export interface LogTarget {
  readonly run: number;
  readonly task: string;
  readonly attempt?: number;
}

/** logs.window: exactly one of fromByte, toByte, fromLine or tail. */
export interface LogWindowParams extends LogTarget {
  /** Lines from the one holding this offset on. */
  readonly fromByte?: number;
  /** Lines ending at or before this offset, the nearest ones (paging up). */
  readonly toByte?: number;
  /** Lines from this line number on (1 is the first; counted from the start, so far lines cost a scan). */
  readonly fromLine?: number;
  /** The last lines. */
  readonly tail?: boolean;
  /** About how many bytes of lines to answer (default 256 KB, at most 4 MB). */
  readonly maxBytes?: number;
  /** With fromByte at the end of a log still being written: wait up to this long (ms, at most 30 s) for more output. */
  readonly waitMs?: number;
}

/** A window of lines and where it sits in the log. */
export interface LogWindow {
  readonly attempt: number;
  /** The task's attempt numbers, oldest first (for the attempt picker). */
  readonly attempts: readonly number[];
  readonly lines: readonly LogLine[];
  /** The first line's start and the last line's end (both `size` when there are no lines past it). */
  readonly from: number;
  readonly to: number;
  /** Bytes of output so far, cut ones included. */
  readonly size: number;
  /** Bytes the cap cut from the middle (0: none). */
  readonly cutBytes: number;
  /** The attempt is still running: the log may grow. */
  readonly writing: boolean;
}

/** logs.search: the next matching line at or after fromByte, or the previous one ending at or before it. */
export interface LogSearchParams extends LogTarget {
  readonly query: string;
  /** `query` is a JavaScript regular expression (default: plain text). */
  readonly regex?: boolean;
  /** Default false. */
  readonly caseSensitive?: boolean;
  readonly fromByte: number;
  readonly direction: 'next' | 'prev';
}

/** logs.firstError: the first line matching FIRST_ERROR_PATTERN at or after fromByte (default 0). */
export interface LogFirstErrorParams extends LogTarget {
  readonly fromByte?: number;
}

/** A matching line and where in its text the matches are. */
export interface LogMatch {
  readonly line: LogLine;
  /** [from, to) indexes into line.text of each match. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/**
 * The answer of a search: the match, or none. A search scans for a couple of
 * seconds at most per call; `done: false` with no match means it stopped at
 * `scannedTo` and the caller asks again from there (with the same direction).
 */
export interface LogSearchAnswer {
  readonly match: LogMatch | null;
  readonly done: boolean;
  readonly scannedTo: number;
  readonly size: number;
}
