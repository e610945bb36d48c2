/** How a run's partition reads wherever a person sees it (the dashboard, the tray menu). */

/** A partition as `2024-01-02 · region=eu` (the date first, other keys sorted). */
export function partitionText(partition: Readonly<Record<string, string>>): string {
  const rest = Object.keys(partition).filter((k) => k !== 'date').sort().map((k) => `${k}=${partition[k]}`);
  return [partition.date ?? '', ...rest].filter(Boolean).join(' · ');
}
