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

/** "tetra · metrics · 2026-11-20 region=US" (empty parts left out). */
export function subjectLine(project: string | null, pipeline: string | null, partitionKey: string | null): string {
  return [project, pipeline, partitionLabel(partitionKey)].filter((part) => part).join(' · ');
}
