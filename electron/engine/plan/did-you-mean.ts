/**
 * "Did you mean …?" suggestions for misspelt keys and names.
 *
 * Uses optimal-string-alignment distance so a swapped pair of letters
 * (`retires` → `retries`) costs one edit, the commonest typo in config files.
 */

/** Edit distance (insert, delete, substitute, swap adjacent) between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Full matrix: strings here are short names, and the swap rule needs row i-2.
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0]!;
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const prev = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      row[j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate within a small edit distance of `word`, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  // Short words get a tighter limit, otherwise `a` would "match" every one-letter name.
  const limit = word.length <= 3 ? 1 : 2;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` when a close candidate exists, else an empty string. */
export function suggestionSuffix(word: string, candidates: Iterable<string>): string {
  const best = didYouMean(word, candidates);
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

/** A suggestion suffix when one is close, else `; <label>: a, b, c` so the user sees the choices. */
export function suggestionOrList(word: string, candidates: readonly string[], label: string): string {
  return suggestionSuffix(word, candidates) || `; ${label}: ${candidates.join(', ')}`;
}

/** After "unknown param X": a near-miss suggestion, else the declared params and how to add one. */
export function unknownParamHint(name: string, declared: readonly string[]): string {
  const suggestion = suggestionSuffix(name, declared);
  if (suggestion) return suggestion;
  if (declared.length === 0) return '; no params are declared: add it under params: with a default value';
  return `; params: ${declared.join(', ')} (add new ones under params: with a default value)`;
}
