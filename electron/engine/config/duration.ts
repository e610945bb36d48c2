/**
 * Durations as written in tickwork.yaml: `500ms`, `30s`, `5m`, `1h30m`, `2d`,
 * or a bare number of seconds (the unit people mean when they write `retry_delay: 30`).
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

// One or more number+unit parts, e.g. "1h30m" or "1h 30m"; units largest first is not enforced.
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gy;

/** Milliseconds for a duration string or number of seconds; null when it is not a valid duration. */
export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') {
    return Number.isFinite(text) && text >= 0 ? Math.round(text * 1000) : null;
  }
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  while (position < trimmed.length) {
    PART.lastIndex = position;
    const match = PART.exec(trimmed);
    if (match === null) return null;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    position = PART.lastIndex;
    while (trimmed[position] === ' ') position++;
  }
  return Math.round(total);
}
