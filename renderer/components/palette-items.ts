/**
 * What the command palette offers for a query (pure; tested in vitest):
 * the views, each served pipeline and job (its runs), "run it now", and a
 * run by id (`12` or `#12`). Matches rank exact, then prefix, then word
 * start, then substring, then letters in order; ties keep the sources'
 * order. A query starting `run ` puts the "run now" entries first.
 */

/** What choosing an entry does. */
export type PaletteAction = { readonly kind: 'navigate'; readonly to: string } | { readonly kind: 'trigger'; readonly target: string; readonly project: string; readonly projectName: string };

/** One entry of the palette. */
export interface PaletteItem {
  /** Unique among the entries. */
  readonly id: string;
  readonly section: PaletteSection;
  readonly label: string;
  /** The grey text beside it (what it is, where it goes). */
  readonly detail: string;
  readonly action: PaletteAction;
}

/** The groups entries are listed in, in this order (unless the query asks to run something). */
export type PaletteSection = 'Runs' | 'Views' | 'Pipelines' | 'Run now';

/** A pipeline or job the palette can open or start. */
export interface PaletteTarget {
  readonly name: string;
  readonly kind: 'pipeline' | 'job';
  readonly projectName: string;
  /** The project's tickwork.yaml. */
  readonly project: string;
}

/** What the entries are made from. */
export interface PaletteSources {
  readonly views: ReadonlyArray<{ readonly path: string; readonly label: string }>;
  readonly targets: readonly PaletteTarget[];
}

/** Entries shown at most. */
export const PALETTE_LIMIT = 40;

/** How well `text` matches `query` (both lower case): 0 best … 4, or null for no match. */
export function matchRank(text: string, query: string): number | null {
  if (!query) return 3;
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  const at = text.indexOf(query);
  if (at > 0 && /[\s\-_./:]/.test(text[at - 1]!)) return 2;
  if (at >= 0) return 3;
  let from = 0;
  for (const ch of query) {
    if (ch === ' ') continue;
    from = text.indexOf(ch, from) + 1;
    if (from === 0) return null;
  }
  return 4;
}

const RUN_ID = /^#?(\d{1,12})$/;
const RUN_PREFIX = /^run\s+/;

/** The runs filtered to one target, as a link (the project only when several are served). */
export function targetRunsPath(target: PaletteTarget, severalProjects: boolean): string {
  const q = new URLSearchParams();
  if (severalProjects) q.set('project', target.project);
  q.set('pipeline', target.name);
  return `/runs?${q.toString()}`;
}

/** The entries for `query`, best first, at most `limit`. */
export function paletteItems(query: string, sources: PaletteSources, limit = PALETTE_LIMIT): PaletteItem[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const wantsRun = RUN_PREFIX.test(q);
  const runQuery = wantsRun ? q.replace(RUN_PREFIX, '') : q;
  const severalProjects = new Set(sources.targets.map((t) => t.project)).size > 1;
  const scored: Array<{ item: PaletteItem; rank: number; group: number; order: number }> = [];
  const add = (item: PaletteItem, rank: number | null, group: number): void => {
    if (rank !== null) scored.push({ item, rank, group, order: scored.length });
  };

  const id = RUN_ID.exec(q);
  if (id) add({ id: `run:${id[1]}`, section: 'Runs', label: `Open run ${Number(id[1])}`, detail: 'Run detail', action: { kind: 'navigate', to: `/runs/${Number(id[1])}` } }, 0, 0);

  for (const view of sources.views) {
    add({ id: `view:${view.path}`, section: 'Views', label: view.label, detail: `Go to ${view.label}`, action: { kind: 'navigate', to: view.path } }, wantsRun ? null : matchRank(view.label.toLowerCase(), q), 1);
  }
  for (const target of sources.targets) {
    const where = severalProjects ? ` · ${target.projectName}` : '';
    const key = `${target.project}|${target.name}`;
    add(
      { id: `open:${key}`, section: 'Pipelines', label: target.name, detail: `${target.kind === 'job' ? 'Job' : 'Pipeline'}${where} · its runs`, action: { kind: 'navigate', to: targetRunsPath(target, severalProjects) } },
      wantsRun ? null : matchRank(target.name.toLowerCase(), q),
      2,
    );
    add(
      { id: `trigger:${key}`, section: 'Run now', label: `Run ${target.name} now`, detail: `Start a run of this ${target.kind}${where}`, action: { kind: 'trigger', target: target.name, project: target.project, projectName: target.projectName } },
      matchRank(target.name.toLowerCase(), runQuery),
      wantsRun ? 0 : 3,
    );
  }
  // An empty query lists the views and pipelines in order; "run now" entries only once something is typed.
  const shown = q ? scored : scored.filter((s) => s.item.section !== 'Run now');
  // Typed: the best match first across groups (a pipeline named exactly as typed before a view that merely contains the letters).
  shown.sort((a, b) => (q ? a.rank - b.rank : 0) || a.group - b.group || a.order - b.order);
  return shown.slice(0, limit).map((s) => s.item);
}
