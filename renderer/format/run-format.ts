/** How runs and tasks read in the dashboard: times, durations, partitions, params (pure; tested in vitest). */
import { formatMs } from '../../shared/durations.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A moment as local `YYYY-MM-DD HH:MM:SS`; `—` for none. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A moment compactly: `HH:MM:SS` today, else `MM-DD HH:MM`, else (another year) `YYYY-MM-DD`. */
export function formatShortTime(ms: number | null, now: number): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.getFullYear() === today.getFullYear()) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** How long something took, or has been going (`now` while unfinished); null before it started. */
export function elapsedMs(startedAt: number | null, finishedAt: number | null, now: number): number | null {
  if (startedAt === null) return null;
  return Math.max(0, (finishedAt ?? now) - startedAt);
}

/** A duration as text (`—` for none). */
export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : formatMs(ms);
}

/** A partition as `2024-01-02 · region=eu` (shared with the tray menu). */
export { partitionText } from '../../shared/partition-text.js';

/** Params as `k=v, k2=v2` (sorted), or `—`. */
export function paramsText(params: Readonly<Record<string, string>>): string {
  const keys = Object.keys(params).sort();
  return keys.length ? keys.map((k) => `${k}=${params[k]}`).join(', ') : '—';
}
