/**
 * A log line as shown: ANSI colours parsed by anser into styled runs (never
 * HTML: React puts each run's text in the page as text), a carriage-return
 * progress line reduced to what a terminal would show (its last overwrite),
 * and the runs cut where search matches are, so they can be marked.
 */
import Anser from 'anser';

/** A run of text with one style. */
export interface TextRun {
  readonly text: string;
  /** CSS classes: ansi colours (ansi-red-fg…) and decorations (ansi-bold…). */
  readonly classes: string;
  /** 256-colour and true colours, which have no class. */
  readonly color?: string;
  readonly background?: string;
  /** Inside a search match. */
  readonly mark: boolean;
}

/** What a terminal shows of a line written with carriage returns: the last overwrite that is not empty. */
export function visibleText(raw: string): string {
  if (!raw.includes('\r')) return raw;
  const parts = raw.split('\r');
  for (let k = parts.length - 1; k >= 0; k--) if (parts[k]!.length > 0) return parts[k]!;
  return '';
}

/** The styled runs of a line; `ranges` ([from, to) into the line's plain text) are marked. */
export function lineRuns(raw: string, ranges: ReadonlyArray<readonly [number, number]> = []): TextRun[] {
  const text = visibleText(raw);
  const entries = text.includes('\u001b') ? Anser.ansiToJson(text, { use_classes: true, remove_empty: true }) : [{ content: text, fg: null, bg: null, fg_truecolor: null, bg_truecolor: null, decorations: [] }];
  const runs: TextRun[] = [];
  let at = 0;
  for (const entry of entries) {
    const style = styleOf(entry as AnserEntry);
    const end = at + entry.content.length;
    let cut = at;
    for (const [from, to] of ranges) {
      if (to <= cut || from >= end) continue;
      if (from > cut) runs.push({ ...style, text: entry.content.slice(cut - at, from - at), mark: false });
      const stop = Math.min(to, end);
      runs.push({ ...style, text: entry.content.slice(Math.max(from, cut) - at, stop - at), mark: true });
      cut = stop;
    }
    if (cut < end) runs.push({ ...style, text: entry.content.slice(cut - at), mark: false });
    at = end;
  }
  return runs;
}

/** The plain text of a line (colours removed), as matches are counted in. */
export function plainText(raw: string): string {
  const text = visibleText(raw);
  return text.includes('\u001b') ? Anser.ansiToText(text) : text;
}

/** The pattern the view marks matches with (the daemon's rules: plain text unless regex, any case unless asked); null when it does not compile. */
export function markPattern(query: string, options: { readonly regex: boolean; readonly caseSensitive: boolean }): RegExp | null {
  if (!query) return null;
  try {
    return new RegExp(options.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options.caseSensitive ? 'g' : 'gi');
  } catch {
    return null;
  }
}

/** Where `pattern` matches in `text` (at most 100 ranges; empty matches skipped). */
export function rangesIn(text: string, pattern: RegExp | null): Array<readonly [number, number]> {
  if (!pattern) return [];
  const ranges: Array<readonly [number, number]> = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match && ranges.length < 100; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex++;
    else ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

interface AnserEntry {
  readonly content: string;
  readonly fg: string | null;
  readonly bg: string | null;
  readonly fg_truecolor: string | null;
  readonly bg_truecolor: string | null;
  readonly decorations: readonly string[];
}

function styleOf(entry: AnserEntry): Omit<TextRun, 'text' | 'mark'> {
  const classes: string[] = entry.decorations.map((d) => `ansi-${d}`);
  let color: string | undefined;
  let background: string | undefined;
  if (entry.fg === 'ansi-truecolor' && entry.fg_truecolor) color = `rgb(${entry.fg_truecolor})`;
  else if (entry.fg?.startsWith('ansi-palette-')) color = paletteColor(Number(entry.fg.slice(13)));
  else if (entry.fg) classes.push(`${entry.fg}-fg`);
  if (entry.bg === 'ansi-truecolor' && entry.bg_truecolor) background = `rgb(${entry.bg_truecolor})`;
  else if (entry.bg?.startsWith('ansi-palette-')) background = paletteColor(Number(entry.bg.slice(13)));
  else if (entry.bg) classes.push(`${entry.bg}-bg`);
  return { classes: classes.join(' '), ...(color ? { color } : {}), ...(background ? { background } : {}) };
}

/** The xterm 256-colour palette past the 16 named colours (those map to the theme's ANSI variables). */
export function paletteColor(index: number): string {
  if (index < 16) return `var(--ansi-${index})`;
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return `rgb(${level}, ${level}, ${level})`;
  }
  const cube = index - 16;
  const step = (n: number): number => (n === 0 ? 0 : 55 + n * 40);
  return `rgb(${step(Math.floor(cube / 36))}, ${step(Math.floor(cube / 6) % 6)}, ${step(cube % 6)})`;
}
