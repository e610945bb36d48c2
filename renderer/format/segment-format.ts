/** How a Gantt segment reads in its tooltip, the live announcement and the segments table (pure; tested in vitest). */
import type { GanttSegment, SegmentKind } from '../timeline/gantt-geometry.js';
import { formatDuration } from './run-format.js';

/** Each segment kind in words (never colour alone). */
export const SEGMENT_WORDS: Readonly<Record<SegmentKind, string>> = {
  waiting: 'waiting',
  retry_wait: 'waiting to retry',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'timed out',
  lost: 'lost',
  cancelled: 'cancelled',
  cached: 'cached',
  upstream_failed: 'upstream failed',
  skipped: 'skipped',
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const clocks = new Map<string, Intl.DateTimeFormat>();

/** A moment as `HH:MM:SS.mmm` in `timeZone` (the header's choice; absent: the browser's) — attempts of a fast DAG last milliseconds. */
export function clockTime(ms: number, timeZone?: string): string {
  if (!timeZone) {
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clocks.set(timeZone, f);
  }
  return `${f.format(ms)}.${pad(((ms % 1_000) + 1_000) % 1_000, 3)}`;
}

/** What a segment is: `attempt 2`, `before attempt 1`, `before attempt 3` (a retry wait), or the task's outcome. */
export function segmentTitle(segment: GanttSegment): string {
  if (segment.source) return `attempt ${segment.attempt}`;
  if (segment.kind === 'retry_wait') return segment.attempt === null ? 'retry wait' : `before attempt ${segment.attempt}`;
  if (segment.kind === 'waiting') return 'before its first attempt';
  return 'no attempt';
}

/** How an attempt ended or why a task did (`exit 3`, `signal SIGTERM (cancel)`, the error or reason); empty when nothing to say. */
export function segmentOutcome(segment: GanttSegment, taskReason: string | null): string {
  const attempt = segment.source;
  if (!attempt) return segment.marker ? taskReason ?? '' : '';
  const parts: string[] = [];
  if (attempt.exitCode !== null) parts.push(`exit ${attempt.exitCode}`);
  if (attempt.signal) parts.push(`signal ${attempt.signal}`);
  if (attempt.killReason) parts.push(`(${attempt.killReason})`);
  // The engine's error often restates the exit code (`exit code 4`): say it once.
  if (attempt.error && attempt.error !== `exit code ${attempt.exitCode}`) parts.push(attempt.error);
  return parts.join(' ');
}

/** The segment's end as text: `now` while it goes on. */
export function segmentEnd(segment: GanttSegment, timeZone?: string): string {
  return segment.open ? 'now' : clockTime(segment.end, timeZone);
}

/** One line for a screen reader: `flaky, attempt 1, failed, 15:01:02.100 to 15:01:03.100, 1.00s, exit 3`. */
export function segmentSentence(pipeline: string, segment: GanttSegment, taskReason: string | null, timeZone?: string): string {
  const when = segment.marker ? `at ${clockTime(segment.start, timeZone)}` : `${clockTime(segment.start, timeZone)} to ${segmentEnd(segment, timeZone)}, ${formatDuration(segment.end - segment.start)}`;
  const outcome = segmentOutcome(segment, taskReason);
  return [pipeline, segmentTitle(segment), SEGMENT_WORDS[segment.kind], when, outcome].filter(Boolean).join(', ');
}
