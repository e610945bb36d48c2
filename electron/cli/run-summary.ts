/** The closing lines of `run` and `ensure` when a request fanned out to several runs. */

/** How to follow runs that carry on without this command. */
export function followHint(runIds: readonly number[]): string {
  if (runIds.length === 1) return `follow with: tickwork logs ${runIds[0]} --follow`;
  return `follow one with: tickwork logs ${runIds[0]} --follow (runs ${runIds.join(', ')}); list them with: tickwork runs`;
}

/** `runs 12, 13: 1 succeeded, 1 failed` after a fanned-out --wait. */
export function summaryLine(runs: ReadonlyArray<{ readonly id: number; readonly state: string }>): string {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
  return `runs ${runs.map((r) => r.id).join(', ')}: ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')}`;
}
