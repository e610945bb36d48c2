import { describe, expect, it } from 'vitest';
import { loadProjectSource } from '../../../electron/engine/config/load-project.js';
import { formatProblem } from '../../../electron/engine/config/index.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { dateWordCalendar, resolveDateFlag } from '../../../electron/engine/run/partition-flags.js';
import { planRun } from '../../../electron/engine/run/plan-run.js';

function project(yaml: string): ProjectConfig {
  const result = loadProjectSource(yaml, '/tmp/date-words/tickwork.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.project;
}

const NEW_YORK = project(`name: ny
timezone: America/New_York
pipelines:
  metrics: {command: ["echo", "{{ date }}"]}
`);
const UTC = project(`name: utc
timezone: UTC
pipelines:
  metrics: {command: ["echo", "{{ date }}"]}
`);

/** The date `value` names for `metrics` of `p` at the instant `iso`. */
const dateOf = (p: ProjectConfig, value: string, iso: string, targets = ['metrics']) => resolveDateFlag('--date', value, { project: p, targets, now: Date.parse(iso) });

describe('date words on --date, --from and --to', () => {
  it('reads today and yesterday in the project time zone', () => {
    // 03:00 UTC on Tuesday is still Monday evening in New York.
    expect(dateOf(NEW_YORK, 'today', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-20' });
    expect(dateOf(NEW_YORK, 'yesterday', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-19' });
    expect(dateOf(UTC, 'today', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-21' });
    expect(dateOf(UTC, 'yesterday', '2025-03-01T12:00:00Z')).toEqual({ ok: true, date: '2025-02-28' });
    expect(dateOf(UTC, 'Today', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-21' });
  });

  it('takes the last NYSE trading day before today when today is a holiday or a weekend day', () => {
    // Monday 2025-01-20 is Martin Luther King Jr. Day: the market is closed, so it is Friday the 17th.
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-20T15:00:00Z')).toEqual({ ok: true, date: '2025-01-17' });
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-18T15:00:00Z')).toEqual({ ok: true, date: '2025-01-17' }); // Saturday
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-19T15:00:00Z')).toEqual({ ok: true, date: '2025-01-17' }); // Sunday
    // Good Friday 2025-04-18 and the weekend after it: Thursday the 17th.
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-04-20T15:00:00Z')).toEqual({ ok: true, date: '2025-04-17' });
  });

  it('counts today when today is a trading day, before the open and after the close alike', () => {
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-21T12:00:00Z')).toEqual({ ok: true, date: '2025-01-21' }); // 07:00 in New York
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-21T22:00:00Z')).toEqual({ ok: true, date: '2025-01-21' }); // 17:00, after the close
    // The same instant is Tuesday in UTC but still the holiday in New York.
    expect(dateOf(UTC, 'last-trading-day', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-21' });
    expect(dateOf(NEW_YORK, 'last-trading-day', '2025-01-21T03:00:00Z')).toEqual({ ok: true, date: '2025-01-17' });
  });

  it("uses the target's schedule calendar, else any schedule's of the project, else NYSE", () => {
    const mixed = project(`name: mixed
timezone: America/New_York
pipelines:
  nyse_job: {command: ["true"], schedule: {cron: "0 19 * * 1-5", calendar: NYSE}}
  weekdays_job: {command: ["true"], schedule: {cron: "0 19 * * 1-5", calendar: WEEKDAYS}}
  helper: {command: ["true"]}
`);
    const mlk = '2025-01-20T15:00:00Z';
    expect(dateOf(mixed, 'last-trading-day', mlk, ['weekdays_job'])).toEqual({ ok: true, date: '2025-01-20' }); // a weekday
    expect(dateOf(mixed, 'last-trading-day', mlk, ['nyse_job'])).toEqual({ ok: true, date: '2025-01-17' });
    expect(dateWordCalendar(mixed, ['helper']).name).toBe('NYSE'); // the first schedule of the project that names one
    expect(dateWordCalendar(NEW_YORK, ['metrics']).name).toBe('NYSE');
  });

  it('leaves a YYYY-MM-DD date as it is and names the words for anything else', () => {
    expect(dateOf(NEW_YORK, '2024-02-29', '2025-01-20T15:00:00Z')).toEqual({ ok: true, date: '2024-02-29' });
    expect(dateOf(NEW_YORK, 'tomorrow', '2025-01-20T15:00:00Z')).toEqual({
      ok: false,
      message: '--date tomorrow: expected a calendar date as YYYY-MM-DD, or today, yesterday or last-trading-day',
    });
    expect(dateOf(NEW_YORK, '2025-02-30', '2025-01-20T15:00:00Z')).toEqual({ ok: false, message: '--date 2025-02-30: there is no such date (February 2025 has 28 days)' });
  });

  it('plans a run for the resolved date, so the partition and templates never see the word', () => {
    const planned = planRun(NEW_YORK, { targets: ['metrics'], selection: 'upstream', force: false, date: 'last-trading-day', trigger: 'cli' }, Date.parse('2025-01-20T15:00:00Z'));
    if (!planned.ok) throw new Error(planned.message);
    expect(planned.plan.run.partition.date).toBe('2025-01-17');
    const bad = planRun(NEW_YORK, { targets: ['metrics'], selection: 'upstream', force: false, date: 'soon', trigger: 'cli' }, Date.now());
    expect(bad).toEqual({ ok: false, message: '--date soon: expected a calendar date as YYYY-MM-DD, or today, yesterday or last-trading-day' });
  });
});
