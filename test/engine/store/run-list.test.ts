import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { insertRun, listRuns, type NewRun } from '../../../electron/engine/store/run-store.js';
import { runListFilter } from '../../../electron/engine/api/methods/run-list-params.js';

let db: Db | undefined;
afterEach(() => db?.close());

function run(overrides: Partial<NewRun> = {}): NewRun {
  return { project: 'p', projectFile: '/p/tickwork.yaml', targets: ['prices'], selection: 'upstream', force: false, partition: { date: '2024-01-02' }, params: {}, pools: { default: 1 }, trigger: 'cli', ...overrides };
}

const ids = (list: readonly { id: number }[]): number[] => list.map((r) => r.id);

describe('runs.list filters and cursor (the Runs view of the dashboard)', () => {
  it('filters by trigger, partition dates and values, and text, and pages newest first by the before cursor', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const a = insertRun(db, run({ partition: { date: '2024-01-02', region: 'eu' } }), 1);
    const b = insertRun(db, run({ trigger: 'schedule', partition: { date: '2024-01-03', region: 'us' }, params: { universe: 'sp500' } }), 2);
    const c = insertRun(db, run({ targets: ['signals'], partition: { date: '2024-01-04', region: 'eu' } }), 3);
    expect(ids(listRuns(db, runListFilter({})))).toEqual([c, b, a]);
    expect(ids(listRuns(db, runListFilter({ trigger: 'schedule' })))).toEqual([b]);
    expect(ids(listRuns(db, runListFilter({ from: '2024-01-03' })))).toEqual([c, b]);
    expect(ids(listRuns(db, runListFilter({ from: '2024-01-02', to: '2024-01-03' })))).toEqual([b, a]);
    expect(ids(listRuns(db, runListFilter({ partition: { region: 'eu' } })))).toEqual([c, a]);
    expect(ids(listRuns(db, runListFilter({ partition: { region: 'eu', date: '2024-01-02' } })))).toEqual([a]);
    expect(ids(listRuns(db, runListFilter({ text: 'SIGNALS' })))).toEqual([c]);
    expect(ids(listRuns(db, runListFilter({ text: 'sp500' })))).toEqual([b]);
    expect(ids(listRuns(db, runListFilter({ text: `#${a}` })))).toEqual([a]);
    expect(ids(listRuns(db, runListFilter({ limit: 2 })))).toEqual([c, b]);
    expect(ids(listRuns(db, runListFilter({ limit: 2, before: b })))).toEqual([a]);
    expect(ids(listRuns(db, runListFilter({ ids: [a, c] })))).toEqual([c, a]);
    expect(ids(listRuns(db, runListFilter({ ids: [a, c], partition: { region: 'us' } })))).toEqual([]);
  });

  it('refuses bad filters with a message naming the field', () => {
    expect(() => runListFilter({ state: 'done' as never })).toThrow('state must be one of queued, running, succeeded, failed, cancelled, not done');
    expect(() => runListFilter({ trigger: 'cron' as never })).toThrow('trigger must be one of cli, schedule, api, backfill, tray, ensure, debug, sweep, not cron');
    expect(() => runListFilter({ from: '2024-1-2' })).toThrow('from must be a date YYYY-MM-DD, not 2024-1-2');
    expect(() => runListFilter({ partition: { 'a"b': 'x' } })).toThrow('partition key "a\\"b" must be letters, digits, _ or -');
    expect(() => runListFilter({ before: -1 })).toThrow('before must be a whole number ≥ 0');
    expect(() => runListFilter({ limit: 5000 })).toThrow('limit must be from 1 to 1000');
    expect(() => runListFilter({ ids: [1, 'x' as never] })).toThrow('ids[1] must be a whole number ≥ 0');
  });

  it('answers a page of 100,000 runs in milliseconds, first page, deep cursor, filtered and searched', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const store = db;
    store.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        insertRun(store, run({ targets: [i % 10 === 0 ? 'signals' : 'prices'], trigger: i % 1000 === 0 ? 'api' : 'schedule', partition: { date: `2024-02-${day}`, region: i % 2 ? 'eu' : 'us' } }), i);
      }
    })();
    const timed = (filter: Parameters<typeof runListFilter>[0]): { ms: number; count: number } => {
      const start = performance.now();
      const count = listRuns(store, runListFilter({ limit: 200, ...filter })).length;
      return { ms: performance.now() - start, count };
    };
    const results = {
      first: timed({}),
      deep: timed({ before: 1_000 }),
      state: timed({ state: 'queued' }),
      rareTrigger: timed({ trigger: 'api' }),
      partition: timed({ partition: { region: 'eu' }, from: '2024-02-10', to: '2024-02-12' }),
      text: timed({ text: 'signals' }),
    };
    console.log('runs.list on 100k runs (ms):', Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number(v.ms.toFixed(1))])));
    expect(results.first.count).toBe(200);
    expect(results.deep.count).toBe(200);
    expect(results.rareTrigger.count).toBe(100);
    for (const { ms } of Object.values(results)) expect(ms).toBeLessThan(250);
  });
});
