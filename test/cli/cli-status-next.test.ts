import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

interface StatusRow {
  readonly pipeline: string;
  readonly next_action: string;
  readonly next_fire: string | null;
  readonly scheduled_by: Array<{ kind: string; name: string }>;
}

const NEXT = String.raw`next at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d`;

describe('tickwork status', () => {
  it('counts schedules from jobs, shows when a schedule runs each pipeline next, and suggests logs only for a task that ran', async () => {
    const w = tempWorld();
    w.writeProject(`
name: st
timezone: America/New_York
pipelines:
  prices: {command: "test -f ok || exit 3"}
  metrics: {command: ["true"], depends_on: [prices]}
  report: {command: ["true"], depends_on: [metrics]}
  gated: {command: ["true"], wait_for: {file: "never.csv", poll: 50ms, timeout: 200ms}}
  solo: {command: ["true"], schedule: {cron: "0 0 18 * * *"}}
  extra: {command: ["true"]}
jobs:
  daily: {pipelines: [report], schedule: {cron: "0 0 19 * * 1-5"}}
`);
    const p = ['--project', w.project];
    expect((await tickwork(w.home, ['run', 'report', '--wait', ...p])).code).toBe(1);
    expect((await tickwork(w.home, ['run', 'gated', '--wait', ...p])).code).toBe(1);
    const rows = JSON.parse((await tickwork(w.home, ['status', '--json', ...p])).stdout) as StatusRow[];
    const next = (name: string): string => rows.find((r) => r.pipeline === name)!.next_action;
    expect(next('prices')).toBe('fix and re-run: tickwork logs 1 --task prices');
    expect(next('metrics')).toBe('not run: upstream prices failed; see tickwork logs 1 --task prices');
    expect(next('report')).toBe('not run: upstream prices failed; see tickwork logs 1 --task prices'); // through metrics
    expect(next('gated')).toMatch(/^did not run \(.+\); re-run: tickwork run gated$/);
    expect(next('gated')).not.toContain('tickwork logs');
    expect(next('solo')).toMatch(new RegExp(`^${NEXT} \\(its schedule\\); or now: tickwork run solo$`));
    expect(next('solo')).toContain(' 18:00:00 -0'); // in the schedule's zone, New York
    expect(next('extra')).toBe('run it: tickwork run extra');
    expect(rows.find((r) => r.pipeline === 'prices')!.scheduled_by).toEqual([{ kind: 'job', name: 'daily' }]);
    expect(rows.find((r) => r.pipeline === 'extra')!).toMatchObject({ scheduled_by: [], next_fire: null });

    fs.writeFileSync(w.file('ok'), '');
    expect((await tickwork(w.home, ['run', 'report', '--wait', ...p])).code).toBe(0);
    const text = (await tickwork(w.home, ['status', ...p])).stdout;
    for (const name of ['prices', 'metrics', 'report']) expect(text).toMatch(new RegExp(`^${name} .* ${NEXT} \\(job daily\\)$`, 'm'));
    expect(text).not.toContain('no schedule'); // a job's schedule runs them
    expect(text).toMatch(/\n2 schedules: pipeline solo, job daily\n/);
  });

  it('says so when the project has no schedule', async () => {
    const w = tempWorld();
    w.writeProject(`
name: bare
pipelines:
  a: {command: ["true"]}
`);
    expect((await tickwork(w.home, ['run', 'a', '--wait', '--project', w.project])).code).toBe(0);
    const text = (await tickwork(w.home, ['status', '--project', w.project])).stdout;
    expect(text).toMatch(/^a +1 +succeeded .* none \(no schedule\)$/m);
    expect(text).toMatch(/\n0 schedules\n$/);
  });
});
