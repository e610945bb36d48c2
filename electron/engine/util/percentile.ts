/** Nearest-rank p95 of ascending numbers (null when there are none). */
export function p95(sorted: readonly number[]): number | null {
  return sorted.length ? sorted[Math.ceil(sorted.length * 0.95) - 1]! : null;
}
