import { describe, expect, it } from 'vitest';
import { matchRank, paletteItems, type PaletteSources } from '../../renderer/components/palette-items.js';

const sources: PaletteSources = {
  views: [
    { path: '/', label: 'Overview' },
    { path: '/runs', label: 'Runs' },
    { path: '/alerts', label: 'Alerts' },
    { path: '/health', label: 'Health' },
  ],
  targets: [
    { name: 'prices', kind: 'pipeline', projectName: 'desk', project: '/p/desk/tickwork.yaml' },
    { name: 'signals', kind: 'pipeline', projectName: 'desk', project: '/p/desk/tickwork.yaml' },
    { name: 'daily-prices', kind: 'job', projectName: 'desk', project: '/p/desk/tickwork.yaml' },
  ],
};

const labels = (query: string, from: PaletteSources = sources) => paletteItems(query, from).map((item) => item.label);

describe('the command palette entries', () => {
  it('lists the views, then the pipelines and jobs, for an empty query (no "run now" until something is typed)', () => {
    expect(labels('')).toEqual(['Overview', 'Runs', 'Alerts', 'Health', 'prices', 'signals', 'daily-prices']);
  });

  it('puts the pipeline named as typed first, with its "run now" entry after it; the job matching at a word start follows', () => {
    expect(labels('prices')).toEqual(['prices', 'Run prices now', 'daily-prices', 'Run daily-prices now']);
    const [open, trigger] = paletteItems('prices', sources);
    expect(open!.action).toEqual({ kind: 'navigate', to: '/runs?pipeline=prices' });
    expect(trigger!.action).toEqual({ kind: 'trigger', target: 'prices', project: '/p/desk/tickwork.yaml', projectName: 'desk' });
  });

  it('offers only "run now" entries, best first, when the query starts with "run "', () => {
    expect(labels('run sig')).toEqual(['Run signals now']);
    expect(labels('Run  PRICES')).toEqual(['Run prices now', 'Run daily-prices now']);
  });

  it('opens a run by its id, with or without #', () => {
    expect(paletteItems('#12', sources)[0]).toMatchObject({ label: 'Open run 12', action: { kind: 'navigate', to: '/runs/12' } });
    expect(paletteItems('7', sources)[0]!.action).toEqual({ kind: 'navigate', to: '/runs/7' });
  });

  it('matches views by prefix and letters in order, and drops what does not match', () => {
    expect(labels('al')).toEqual(['Alerts', 'Health', 'signals', 'Run signals now', 'daily-prices', 'Run daily-prices now']); // a prefix before letters in order
    expect(labels('hlth')).toEqual(['Health']);
    expect(labels('zzz')).toEqual([]);
  });

  it('names the project and filters the runs by it when several projects are served', () => {
    const two: PaletteSources = { views: [], targets: [...sources.targets.slice(0, 1), { name: 'prices', kind: 'pipeline', projectName: 'lab', project: '/p/lab/tickwork.yaml' }] };
    const items = paletteItems('prices', two);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.map((i) => i.detail)).toEqual(['Pipeline · desk · its runs', 'Pipeline · lab · its runs', 'Start a run of this pipeline · desk', 'Start a run of this pipeline · lab']);
    expect(items[1]!.action).toEqual({ kind: 'navigate', to: '/runs?project=%2Fp%2Flab%2Ftickwork.yaml&pipeline=prices' });
  });

  it('ranks exact, prefix, word start, substring, then letters in order', () => {
    expect(['prices', 'pricesx', 'daily-prices', 'xprices', 'pxrxixcxexs', 'other'].map((t) => matchRank(t, 'prices'))).toEqual([0, 1, 2, 3, 4, null]);
  });

  it('keeps to the limit', () => {
    const many: PaletteSources = { views: [], targets: Array.from({ length: 100 }, (_, i) => ({ name: `p${i}`, kind: 'pipeline' as const, projectName: 'x', project: '/x' })) };
    expect(paletteItems('p', many)).toHaveLength(40);
  });
});
