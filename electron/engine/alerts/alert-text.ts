/**
 * Titles and bodies of alerts: short enough for a desktop notification, and
 * each naming the pipeline, the partition and the reason.
 */

/** "date=2026-11-20,region=US" → "2026-11-20 region=US". */
export function partitionLabel(partitionKey: string | null): string {
  if (!partitionKey) return '';
  return partitionKey
    .split(',')
    .map((part) => (part.startsWith('date=') ? part.slice(5) : part))
    .join(' ');
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

/** "tetra · metrics · 2026-11-20 region=US" (empty parts left out). */
export function subjectLine(project: string | null, pipeline: string | null, partitionKey: string | null): string {
  return [project, pipeline, partitionLabel(partitionKey)].filter((part) => part).join(' · ');
}
