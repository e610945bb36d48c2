/**
 * Durations as text, one place for the CLI, the engine's messages and the
 * app: `formatMs` when the exact figure matters (a task took 1.24s, a retry
 * in 30.0s), `humanDuration` when a person only needs the size of it (last
 * success 3h 5m ago).
 */

/** Short precise duration: 850ms, 1.24s, 12.3s, 4m05s, 2h10m. */
export function formatMs(ms: number): string {
  // Each bound is where the rounding of the next-finer form would carry over (999.6ms is 1.00s, 59.96s is 1m00s).
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const minutes = Math.round(totalSeconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A duration as a person reads it: 45s, 12m, 3h 5m, 2d 4h. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
