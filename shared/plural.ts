/** Counts in text, pluralised right: one place, so "1 runs" cannot creep back in. */

/** `plural(1, 'run')` → "1 run", `plural(0, 'alert')` → "0 alerts", `plural(2, 'entry', 'entries')` → "2 entries". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}
