import { describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

const PROJECT = `
name: engine_runs
partitions: {region: [US, EU]}
pipelines:
  profiles: {command: ["sh", "-c", "echo profiles-{{ partition.region }}-{{ date }} >> ledger.txt"], wait_for: {data_ready: true, poll: 50ms}}
  assessment: {command: ["sh", "-c", "echo assessment-{{ partition.region }} >> ledger.txt"], depends_on: [profiles]}
`;

describe('tickwork ensure / advance (the engine_runs heartbeat workflow)', () => {
  it('ensure creates exactly one run per partition; advance moves it as far as its gate allows', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const p = ['--project', w.project];
    const first = await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=US', ...p]);
    expect(first.stdout).toBe('run 1 for date=2025-01-02,region=US: created (queued)\n');
    const again = await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=US', ...p]);
    expect(again.stdout).toBe('run 1 for date=2025-01-02,region=US: exists (queued)\n');
    const eu = await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=EU', ...p]);
    expect(eu.stdout).toBe('run 2 for date=2025-01-02,region=EU: created (queued)\n');

    const waiting = await tickwork(w.home, ['advance', '--all']);
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toBe('run 1 date=2025-01-02,region=US: running (gate closed: profiles)\nrun 2 date=2025-01-02,region=EU: running (gate closed: profiles)\n');
    expect(readLines(w.file('ledger.txt'))).toEqual([]);

    const ready = await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=US', '--data-ready', ...p]);
    expect(ready.stdout).toBe('run 1 for date=2025-01-02,region=US: exists (running, data ready)\n');
    const moved = await tickwork(w.home, ['advance', '--all']);
    expect(moved.stdout).toBe('run 1 date=2025-01-02,region=US: succeeded\nrun 2 date=2025-01-02,region=EU: running (gate closed: profiles)\n');
    expect(readLines(w.file('ledger.txt'))).toEqual(['profiles-US-2025-01-02', 'assessment-US']);

    await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=EU', '--data-ready', ...p]);
    expect((await tickwork(w.home, ['advance', '--all'])).stdout).toBe('run 2 date=2025-01-02,region=EU: succeeded\n');
    expect((await tickwork(w.home, ['advance', '--all'])).stdout).toBe('nothing to advance\n');
    expect(readLines(w.file('ledger.txt'))).toHaveLength(4);
  });

  it('ensure needs a date and a valid partition', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const noDate = await tickwork(w.home, ['ensure', '--project', w.project]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toBe('tickwork ensure: --date YYYY-MM-DD is required (the partition to ensure)\n');
    const badRegion = await tickwork(w.home, ['ensure', '--date', '2025-01-02', '--partition', 'region=APAC', '--project', w.project]);
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toBe('tickwork ensure: --partition region=APAC: expected one of US, EU\n');
  });
});
