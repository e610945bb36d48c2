import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { pinnedClockEnv } from '../helpers/pinned-clock.js';

const PROJECT = `
name: words
timezone: America/New_York
pipelines:
  metrics: {command: ["echo", "metrics for {{ date }}"]}
`;

// Monday 2025-01-20, 10:00 in New York: Martin Luther King Jr. Day, the NYSE is closed.
const MLK_DAY = pinnedClockEnv('2025-01-20T15:00:00Z');
// Tuesday 2025-01-21, 17:00 in New York: a trading day, after the close.
const TUESDAY_EVENING = pinnedClockEnv('2025-01-21T22:00:00Z');

describe('--date today | yesterday | last-trading-day on the command line', () => {
  it('resolves the words in the project zone and calendar for run, ensure and backfill', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const at = (env: NodeJS.ProcessEnv, args: string[]) => tickwork(w.home, [...args, '--project', w.project], { env });
    const dryRunDate = async (env: NodeJS.ProcessEnv, word: string) => {
      const result = await at(env, ['run', 'metrics', '--dry-run', '--json', '--date', word]);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { partition: { date: string } }).partition.date;
    };
    expect(await dryRunDate(MLK_DAY, 'today')).toBe('2025-01-20');
    expect(await dryRunDate(MLK_DAY, 'yesterday')).toBe('2025-01-19');
    expect(await dryRunDate(MLK_DAY, 'last-trading-day')).toBe('2025-01-17');
    expect(await dryRunDate(TUESDAY_EVENING, 'last-trading-day')).toBe('2025-01-21');

    // A real run: the command sees the resolved date, never the word.
    expect((await at(MLK_DAY, ['run', 'metrics', '--wait', '--date', 'last-trading-day'])).code).toBe(0);
    expect((await tickwork(w.home, ['logs', '1', '--task', 'metrics'])).stdout).toBe('metrics for 2025-01-17\n');

    // ensure: the word is resolved before it keys the run, so the same word on another day is another run.
    const ensure = async (env: NodeJS.ProcessEnv) => {
      const result = await at(env, ['ensure', 'metrics', '--date', 'last-trading-day', '--json']);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout.trim().split('\n')[0]!) as { id: number; created: boolean; partition: { date: string } };
    };
    const first = await ensure(MLK_DAY);
    expect(first).toMatchObject({ created: true, partition: { date: '2025-01-17' } });
    expect(await ensure(MLK_DAY)).toMatchObject({ id: first.id, created: false });
    expect(await ensure(TUESDAY_EVENING)).toMatchObject({ created: true, partition: { date: '2025-01-21' } });

    const backfill = await at(MLK_DAY, ['backfill', 'metrics', '--from', 'last-trading-day', '--to', 'today', '--json']);
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(JSON.parse(backfill.stdout)).toMatchObject({ total: 4 }); // the 17th to the 20th, every calendar day (metrics has no schedule calendar)

    const wrong = await at(MLK_DAY, ['run', 'metrics', '--date', 'tomorrow']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('tickwork run: --date tomorrow: expected a calendar date as YYYY-MM-DD, or today, yesterday or last-trading-day\n');
  });

  it('says a well-written date that names no day does not exist, and why (exit 2)', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const cases: Array<[string[], string]> = [
      [['run', 'metrics', '--date', '2026-02-30'], 'tickwork run: --date 2026-02-30: there is no such date (February 2026 has 28 days)'],
      [['run', 'metrics', '--date', '2024-02-30'], 'tickwork run: --date 2024-02-30: there is no such date (February 2024 has 29 days)'],
      [['ensure', 'metrics', '--date', '2025-04-31'], 'tickwork ensure: --date 2025-04-31: there is no such date (April 2025 has 30 days)'],
      [['run', 'metrics', '--date', '2025-00-10'], 'tickwork run: --date 2025-00-10: there is no such date (months run from 01 to 12)'],
      [['backfill', 'metrics', '--from', '2025-06-31', '--to', '2025-07-02'], 'tickwork backfill: --from 2025-06-31: there is no such date (June 2025 has 30 days)'],
      // Not written YYYY-MM-DD: the format and the words.
      [['run', 'metrics', '--date', '2025-2-3'], 'tickwork run: --date 2025-2-3: expected a calendar date as YYYY-MM-DD, or today, yesterday or last-trading-day'],
    ];
    for (const [args, message] of cases) {
      const result = await tickwork(w.home, [...args, '--project', w.project]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`${message}\n`);
    }
  });
});
