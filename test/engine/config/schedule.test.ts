import { describe, expect, it } from 'vitest';
import { loadProjectSource } from '../../../electron/engine/config/load-project.js';
import { formatProblem } from '../../../electron/engine/config/index.js';

const FILE = '/tmp/sched/tickwork.yaml';
const problems = (yaml: string): string[] => {
  const result = loadProjectSource(yaml, FILE);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.field}: ${p.message}`);
};

describe('schedules in tickwork.yaml', () => {
  it('accepts a cron string and a mapping, filling the zone from the project', () => {
    const result = loadProjectSource(
      `name: s
timezone: America/New_York
pipelines:
  data: {command: ["true"], schedule: "0 19 * * 1-5"}
  weekly: {command: ["true"], schedule: {cron: "0 20 * * 0", timezone: Europe/London, calendar: NYSE, catchup: all, catchup_window: 2d}}
jobs:
  daily: {pipelines: [data], schedule: {cron: "0 0 19 * * *"}}
`,
      FILE,
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.project.pipelines.get('data')!.schedule).toEqual({ cron: '0 19 * * 1-5', timezone: 'America/New_York', calendar: null, catchup: 'latest', catchupWindowMs: 604_800_000 });
    expect(result.project.pipelines.get('weekly')!.schedule).toEqual({ cron: '0 20 * * 0', timezone: 'Europe/London', calendar: 'NYSE', catchup: 'all', catchupWindowMs: 172_800_000 });
    expect(result.project.jobs.get('daily')!.schedule?.cron).toBe('0 0 19 * * *');
  });

  it('reports bad cron expressions, calendars, catch-up policies and keys with their positions', () => {
    expect(
      problems(`name: s
pipelines:
  a: {command: ["true"], schedule: "61 * * * *"}
  b: {command: ["true"], schedule: "* * * *"}
  c: {command: ["true"], schedule: {cron: "0 19 * * *", calendar: NYS, catchup: sometimes, jitter: 1}}
`),
    ).toEqual([
      '3:36 pipelines.a.schedule: invalid cron expression "61 * * * *": Invalid value for minute: 61',
      '4:36 pipelines.b.schedule: expected a cron expression of 5 fields (min hour day month weekday) or 6, read seconds-first (sec min hour day month weekday), got 4: "* * * *"',
      '5:67 pipelines.c.schedule.calendar: unknown calendar "NYS"; did you mean "NYSE"?',
      '5:81 pipelines.c.schedule.catchup: expected one of latest, all, none, got "sometimes"',
      '5:92 pipelines.c.schedule.jitter: unknown key; expected one of: cron, timezone, calendar, catchup, catchup_window, partitions',
    ]);
  });
});

describe('cron errors explain the seconds-first reading of 6 fields', () => {
  const SIX = 'Tickwork reads 6 fields as seconds-first (sec min hour day month weekday)';
  const scheduled = (...crons: string[]): string =>
    `name: s\npipelines:\n${crons.map((cron, i) => `  p${i}:\n    command: ["true"]\n    schedule: "${cron}"\n`).join('')}`;

  it('refuses a minute-first expression with a sixth field appended, which would fire every hour', () => {
    expect(problems(scheduled('0 19 * * 1-5 *', '0 7 * * * ?', '30 19 * * ? *'))).toEqual([
      `5:15 pipelines.p0.schedule: cron "0 19 * * 1-5 *" has 6 fields: ${SIX}; for 19:00 write "0 19 * * 1-5"; to keep the seconds-first reading (minute 19 of each hour) write "19 * * 1-5 *"`,
      `8:15 pipelines.p1.schedule: cron "0 7 * * * ?" has 6 fields: ${SIX}; for 07:00 write "0 7 * * *"; to keep the seconds-first reading (minute 7 of each hour) write "7 * * * ?"`,
      `11:15 pipelines.p2.schedule: cron "30 19 * * ? *" has 6 fields: ${SIX}; for 19:30 write "30 19 * * *"; to keep the seconds-first reading (second 30 of minute 19 of each hour) write "30 19 0-23 * ? *"`,
    ]);
  });

  it('says how a rejected 6-field expression was read, and the 5-field spelling when a year was appended', () => {
    expect(problems(scheduled('0 19 * * 1-5 2025', '0 19 ? * MON-FRI *', '0 0 25 * * 1'))).toEqual([
      `5:15 pipelines.p0.schedule: cron "0 19 * * 1-5 2025" has 6 fields: ${SIX}, and read so it is invalid: Invalid value for weekday: 2025; for 19:00 write "0 19 * * 1-5"`,
      `8:15 pipelines.p1.schedule: cron "0 19 ? * MON-FRI *" has 6 fields: ${SIX}, and read so it is invalid: configuration entry 4 (MON-FRI) contains illegal characters.; for 19:00 write "0 19 * * MON-FRI"`,
      // A last field that is neither a wildcard nor a year was not appended: no minute-first guess.
      `11:15 pipelines.p2.schedule: cron "0 0 25 * * 1" has 6 fields: ${SIX}, and read so it is invalid: Invalid value for hour: 25`,
    ]);
  });

  it('gives a Quartz-style 7-field expression (seconds first, a year last) its 5-field spelling', () => {
    expect(problems(scheduled('0 30 9 ? * MON-FRI *'))).toEqual([
      '5:15 pipelines.p0.schedule: expected a cron expression of 5 fields (min hour day month weekday) or 6, read seconds-first (sec min hour day month weekday), got 7: "0 30 9 ? * MON-FRI *"; a seventh field (a year) is not read; for 09:30 write "30 9 * * MON-FRI"',
    ]);
  });

  it('keeps accepting seconds-first expressions that set the hour, vary the minute or second, or spell every hour as 0-23', () => {
    expect(problems(scheduled('0 30 19 * * 1-5', '*/10 * * * * *', '0 */5 * * * *', '30 19 0-23 * * *', '0 19 * * 1-5'))).toEqual([]);
  });

  it('reports the same from the positional parse when another problem sends the file there', () => {
    expect(problems(`${scheduled('0 19 * * 1-5 *')}    retires: 1\n`)).toEqual([
      `5:15 pipelines.p0.schedule: cron "0 19 * * 1-5 *" has 6 fields: ${SIX}; for 19:00 write "0 19 * * 1-5"; to keep the seconds-first reading (minute 19 of each hour) write "19 * * 1-5 *"`,
      '6:5 pipelines.p0.retires: unknown key; did you mean "retries"?',
    ]);
  });
});

describe('max_active_runs and overlap', () => {
  it('reads them on pipelines and jobs, overlap defaulting to queue', () => {
    const result = loadProjectSource(
      `name: c
pipelines:
  a: {command: ["true"], max_active_runs: 2}
jobs:
  j: {pipelines: [a], max_active_runs: 1, overlap: cancel_previous}
`,
      FILE,
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.project.pipelines.get('a')!.concurrency).toEqual({ maxActiveRuns: 2, overlap: 'queue' });
    expect(result.project.jobs.get('j')!.concurrency).toEqual({ maxActiveRuns: 1, overlap: 'cancel_previous' });
  });

  it('reports a bad limit, an unknown policy and a policy without a limit', () => {
    expect(
      problems(`name: c
pipelines:
  a: {command: ["true"], max_active_runs: 0}
  b: {command: ["true"], max_active_runs: 1, overlap: skp}
  c: {command: ["true"], overlap: skip}
`),
    ).toEqual([
      '3:43 pipelines.a.max_active_runs: expected a positive integer, got 0',
      '4:55 pipelines.b.overlap: expected one of queue, skip, cancel_previous, got "skp"; did you mean "skip"?',
      '5:26 pipelines.c.overlap: overlap needs max_active_runs (how many runs may be active at once)',
    ]);
  });
});

describe('wait_for gates in tickwork.yaml', () => {
  it('reads data_ready, file, command, poll and timeout', () => {
    const result = loadProjectSource(
      `name: g
pipelines:
  a: {command: ["true"], wait_for: {data_ready: true, file: "in/{{ date }}/*.csv", command: "test -f go", poll: 5s, timeout: 6h}}
`,
      FILE,
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.project.pipelines.get('a')!.waitFor).toEqual({
      dataReady: true,
      file: 'in/{{ date }}/*.csv',
      command: { kind: 'shell', script: 'test -f go' },
      pollMs: 5000,
      timeoutMs: 21_600_000,
    });
  });

  it('reports an empty gate, a wildcard directory and a bad flag', () => {
    expect(
      problems(`name: g
pipelines:
  a: {command: ["true"], wait_for: {poll: 5s}}
  b: {command: ["true"], wait_for: {file: "in/*/x.csv"}}
  c: {command: ["true"], wait_for: {data_ready: yes}}
`),
    ).toEqual([
      '3:36 pipelines.a.wait_for: expected at least one of data_ready, file or command',
      '4:43 pipelines.b.wait_for.file: wildcards are allowed in the file name only, not in directories: "in/*/x.csv"',
      '5:49 pipelines.c.wait_for.data_ready: expected true or false, got "yes"',
    ]);
  });
});
