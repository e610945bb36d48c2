import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('a mistyped or incomplete option gets a message that says what to write', () => {
  it('names an unknown option, suggests the near one, and points at --help (exit 2)', async () => {
    const w = tempWorld();
    w.writeProject('name: opts\npipelines:\n  a: {command: ["true"]}\n');
    const cases: Array<[string[], string]> = [
      [['run', 'a', '--wiat', '--project', w.project], 'tickwork run: unknown option --wiat; did you mean --wait? (tickwork run --help lists the options)'],
      [['cancel', '1', '--projetc', w.project], 'tickwork cancel: unknown option --projetc; did you mean --project? (tickwork cancel --help lists the options)'],
      [['alerts', 'snooze', '1', '--fro', '1h'], 'tickwork alerts snooze: unknown option --fro; did you mean --for? (tickwork alerts snooze --help lists the options)'],
      [['runs', '--frobnicate'], 'tickwork runs: unknown option --frobnicate (tickwork runs --help lists the options)'],
      [['logs', '1', '-z'], 'tickwork logs: unknown option -z (tickwork logs --help lists the options)'],
      [['run', 'a', '--wait=yes', '--project', w.project], 'tickwork run: --wait takes no value (write --wait alone; tickwork run --help lists the options)'],
    ];
    for (const [args, message] of cases) {
      const result = await tickwork(w.home, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`${message}\n`);
    }
  });

  it('says an option needs a value, with an example, also when the next word is another option', async () => {
    const w = tempWorld();
    w.writeProject('name: opts\npipelines:\n  a: {command: ["true"]}\n');
    const cases: Array<[string[], string]> = [
      [['run', 'a', '--project', w.project, '--date'], 'tickwork run: --date needs a value, e.g. --date 2025-02-03'],
      [['run', 'a', '--date', '--wait', '--project', w.project], 'tickwork run: --date needs a value, e.g. --date 2025-02-03'],
      [['backfill', 'a', '--from', '2025-02-03', '--to'], 'tickwork backfill: --to needs a value, e.g. --to 2025-02-07'],
      [['runs', '--project'], 'tickwork runs: --project needs a value, e.g. --project ~/research/tetra'],
      // A value that merely starts with a dash still gets the `--limit=-1` advice.
      [['runs', '--limit', '-1'], 'tickwork runs: --limit -1: a value starting with "-" reads as an option; write --limit=-1 if you meant it'],
    ];
    for (const [args, message] of cases) {
      const result = await tickwork(w.home, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`${message}\n`);
    }
  });
});
