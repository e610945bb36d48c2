import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { loadProject } from '../../electron/engine/config/index.js';
import { backfillPartitions } from '../../electron/engine/backfill/backfill-partitions.js';
import type { ProjectConfig } from '../../shared/config-model.js';

const PROJECT = `
name: bf
partitions: {region: [US, EU]}
pipelines:
  prices:
    command: ["sh", "-c", "[ ! -f fail-{{ date }} ] && echo {{ date }}-{{ partition.region }} >> ledger.txt"]
`;

describe('backfill partitions', () => {
  it('lists NYSE trading days times the unfixed static keys, oldest or newest first', () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const loaded = loadProject(w.project);
    const project = (loaded.ok ? loaded.project : undefined) as ProjectConfig;
    const keys = (r: unknown) => (r as { partitions: Array<Record<string, string>> }).partitions.map((p) => `${p.date}/${p.region}`);
    // 2025-07-03 is an early close (trades), 07-04 a holiday, 07-05/06 a weekend.
    expect(keys(backfillPartitions(project, { target: 'prices', from: '2025-07-03', to: '2025-07-07', calendar: 'NYSE', fixed: {} }))).toEqual([
      '2025-07-03/US', '2025-07-03/EU', '2025-07-07/US', '2025-07-07/EU',
    ]);
    expect(keys(backfillPartitions(project, { target: 'prices', from: '2025-07-03', to: '2025-07-07', calendar: 'NYSE', fixed: { region: 'EU' }, newestFirst: true }))).toEqual([
      '2025-07-07/EU', '2025-07-03/EU',
    ]);
    expect(backfillPartitions(project, { target: 'prices', from: '2025-07-07', to: '2025-07-03', fixed: {} })).toBe('--from 2025-07-07 is after --to 2025-07-03');
    // The same checks, and words, as tickwork run's --date and --partition.
    expect(backfillPartitions(project, { target: 'prices', from: '2025-02-29', to: '2025-03-03', fixed: {} })).toBe('--from 2025-02-29: there is no such date (February 2025 has 28 days)');
    expect(backfillPartitions(project, { target: 'prices', from: '2025-07-03', to: '2025-07-07', fixed: { regoin: 'US' } })).toBe(
      '--partition regoin=US: unknown partition key "regoin" (declared: region)',
    );
    expect(backfillPartitions(project, { target: 'prices', from: '2025-07-03', to: '2025-07-07', fixed: { region: 'JP' } })).toBe('--partition region=JP: expected one of US, EU');
    expect(backfillPartitions(project, { target: 'prices', from: '2025-07-03', to: '2025-07-07', fixed: { date: '2025-07-04' } })).toBe(
      '--partition date=…: use --from/--to to set the date',
    );
  });
});

describe('tickwork backfill', () => {
  it('runs one run per partition with bounded concurrency, then resumes only what did not succeed', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    fs.writeFileSync(w.file('fail-2025-01-03'), '');
    const args = ['backfill', 'prices', '--from', '2025-01-01', '--to', '2025-01-03', '--partition', 'region=US', '--concurrency', '2', '--project', w.project];
    const first = await tickwork(w.home, args);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('2025-01-03,region=US: failed');
    expect(first.stdout).toContain('backfill prices 2025-01-01..2025-01-03: 3 partitions: 2 succeeded, 0 already done, 1 failed\n');
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-01-01-US', '2025-01-02-US']);
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout);
    expect(runs.map((r: { trigger: string }) => r.trigger)).toEqual(['backfill', 'backfill', 'backfill']);
    // Never more than --concurrency runs at once: the third starts after one of the first two ended.
    const spans = runs.map((r: { started_at: string; finished_at: string }) => [Date.parse(r.started_at), Date.parse(r.finished_at)]).sort((a: number[], b: number[]) => a[0]! - b[0]!);
    expect(spans[2][0]).toBeGreaterThanOrEqual(Math.min(spans[0][1], spans[1][1]));

    fs.rmSync(w.file('fail-2025-01-03'));
    const again = await tickwork(w.home, args);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('date=2025-01-03,region=US: succeeded (run 4) — 3/3\nbackfill prices 2025-01-01..2025-01-03: 3 partitions: 1 succeeded, 2 already done\n');
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-01-01-US', '2025-01-02-US', '2025-01-03-US']);
  });
});
