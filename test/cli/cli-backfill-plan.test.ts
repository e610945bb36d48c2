import { describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

// A daily NYSE schedule: backfill walks its trading days unless told otherwise.
const PROJECT = `
name: bfcal
partitions: {region: [US, EU]}
pipelines:
  prices:
    command: ["sh", "-c", "echo {{ date }}-{{ partition.region }} >> ledger.txt"]
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}
  plain:
    command: ["sh", "-c", "echo {{ date }} >> plain.txt"]
`;

describe('tickwork backfill: which partitions', () => {
  it('uses the calendar of the target schedule by default (2025-07-03..07 skips the 4th of July and the weekend); --calendar none counts every day', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const p = ['--project', w.project];
    const out = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-03', '--to', '2025-07-07', '--partition', 'region=US', ...p]);
    expect(out.code).toBe(0);
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-07-03-US', '2025-07-07-US']);
    const plain = await tickwork(w.home, ['backfill', 'plain', '--from', '2025-07-03', '--to', '2025-07-05', ...p]);
    expect(plain.code).toBe(0);
    expect(readLines(w.file('plain.txt')).sort()).toEqual(['2025-07-03', '2025-07-04', '2025-07-05']);
    const every = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-04', '--to', '2025-07-05', '--partition', 'region=US', '--calendar', 'none', ...p]);
    expect(every.code).toBe(0);
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-07-03-US', '2025-07-04-US', '2025-07-05-US', '2025-07-07-US']);
  });

  it('--dry-run lists the partitions it would run and those already done, and runs nothing', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const p = ['--project', w.project];
    expect((await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-03', '--to', '2025-07-03', '--partition', 'region=US', ...p])).code).toBe(0);
    const dry = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-03', '--to', '2025-07-07', '--dry-run', ...p]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        'dry run: backfill prices 2025-07-03..2025-07-07 (NYSE trading days): 3 to run, 1 already done (nothing will run)',
        '  = date=2025-07-03,region=US  already done (run 1)',
        '  + date=2025-07-03,region=EU  would run',
        '  + date=2025-07-07,region=US  would run',
        '  + date=2025-07-07,region=EU  would run',
        '',
      ].join('\n'),
    );
    expect(readLines(w.file('ledger.txt'))).toEqual(['2025-07-03-US']);
    const json = JSON.parse((await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-03', '--to', '2025-07-03', '--dry-run', '--json', ...p])).stdout);
    expect(json.partitions.map((r: { partition: string; action: string }) => `${r.partition} ${r.action}`)).toEqual([
      'date=2025-07-03,region=US done',
      'date=2025-07-03,region=EU run',
    ]);
  });

  it('counts a partition that any run (not only a backfill) succeeded for as already done', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const p = ['--project', w.project];
    expect((await tickwork(w.home, ['run', 'prices', '--date', '2025-07-07', '--partition', 'region=EU', '--wait', ...p])).code).toBe(0);
    const dry = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-07', '--to', '2025-07-07', '--dry-run', ...p]);
    expect(dry.stdout).toContain('  = date=2025-07-07,region=EU  already done (run 1)');
    expect(dry.stdout).toContain('  + date=2025-07-07,region=US  would run');
    const real = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-07', '--to', '2025-07-07', ...p]);
    expect(real.stdout).toContain('2 partitions: 1 succeeded, 1 already done');
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-07-07-EU', '2025-07-07-US']);
  });

  it('a range with no trading day says so and exits 2', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const out = await tickwork(w.home, ['backfill', 'prices', '--from', '2025-07-04', '--to', '2025-07-06', '--project', w.project]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      "tickwork backfill: no NYSE trading day from 2025-07-04 to 2025-07-06 (the calendar of prices's schedule; --calendar none counts every day): nothing to backfill\n",
    );
  });
});
