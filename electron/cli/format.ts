/** Small text helpers for CLI output: tables, times, durations. */
import { formatMs } from '../../shared/durations.js';

/** Renders rows as an aligned plain-text table with a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Local time as `YYYY-MM-DD HH:MM:SS`, or '-' for null. */
export function time(ms: number | null): string {
  if (ms === null) return '-';
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Duration between two times, '-' when unknown; an open end uses `now`. */
export function span(start: number | null, end: number | null, now: number = Date.now()): string {
  if (start === null) return '-';
  return formatMs((end ?? now) - start);
}

/** ISO-8601 text of a time, or null (for --json). */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export { formatMs };
