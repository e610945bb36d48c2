import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ALERT_RULES } from '../../../electron/engine/config/alerts-section.js';
import { projectFor, yaml } from './project-fixture.js';

const FULL = yaml(
  'name: tetra',
  'timezone: America/New_York',
  'defaults:',
  '  retries: 2',
  '  retry_delay: 30s',
  '  timeout: 1h30m',
  '  priority: low',
  '  cwd: work',
  '  env:',
  '    MODE: prod',
  '    LEVEL: 1',
  'pools:',
  '  db: 2',
  'params:',
  '  window: 30',
  '  code: "007"',
  'partitions:',
  '  region: [US, EU]',
  'pipelines:',
  '  load:',
  '    description: Load prices',
  '    command: [python, load.py, --day, "{{ date }}", 0800]',
  '    provides: [prices]',
  '    pool: db',
  '  report:',
  '    command: ./report.sh {{ partition.region }} {{params.window}}',
  '    depends_on: [load]',
  '    requires: [prices]',
  '    retries: 0',
  '    timeout: null',
  '    priority: 5',
  '    cwd: /abs/dir',
  '    backoff: 1.5',
  '    jitter: 0',
  '    kill_grace: 500ms',
  '    max_retry_delay: 2d',
  '    env:',
  '      LEVEL: "2"',
  '      WHO: "{{ pipeline }}"',
  '    on_error:',
  '      - exit_code: [75, 111]',
  '        action: retry',
  '        max_attempts: 5',
  '        retry_delay: 1m',
  '      - output: "quota exceeded"',
  '        exit_code: 1',
  '        action: skip',
  '      - output: "^fatal"',
  '        action: fail',
  'jobs:',
  '  daily:',
  '    description: Every weekday',
  '    pipelines: [load, report]',
);

describe('loadProject on a valid project', () => {
  it('normalises a full config: defaults applied, pipeline overrides, env merged, cwd absolute', () => {
    const project = projectFor(FULL);
    const dir = project.dir;
    expect(project.file).toBe(path.join(dir, 'tickwork.yaml'));
    expect(project.name).toBe('tetra');
    expect(project.timezone).toBe('America/New_York');
    expect(project.pools).toEqual({ default: os.availableParallelism(), db: 2 });
    expect(project.params).toEqual({ window: '30', code: '007' });
    expect(project.partitions).toEqual({ region: ['US', 'EU'] });
    expect([...project.pipelines.keys()]).toEqual(['load', 'report']);
    expect(project.pipelines.get('load')).toEqual({
      name: 'load',
      description: 'Load prices',
      command: { kind: 'argv', argv: ['python', 'load.py', '--day', '{{ date }}', '0800'] },
      dependsOn: [],
      provides: ['prices'],
      requires: [],
      onError: [],
      retries: 2,
      retryDelayMs: 30_000,
      backoff: 2,
      maxRetryDelayMs: 600_000,
      jitter: 0.1,
      timeoutMs: 5_400_000,
      killGraceMs: 5_000,
      pool: 'db',
      priority: -10,
      cwd: path.join(dir, 'work'),
      env: { MODE: 'prod', LEVEL: '1' },
      alerts: BUILTIN_ALERT_RULES,
    });
    expect(project.pipelines.get('report')).toEqual({
      name: 'report',
      command: { kind: 'shell', script: './report.sh {{ partition.region }} {{params.window}}' },
      dependsOn: ['load'],
      provides: [],
      requires: ['prices'],
      onError: [
        { exitCodes: [75, 111], action: 'retry', maxAttempts: 5, retryDelayMs: 60_000 },
        { exitCodes: [1], output: 'quota exceeded', action: 'skip' },
        { output: '^fatal', action: 'fail' },
      ],
      retries: 0,
      retryDelayMs: 30_000,
      backoff: 1.5,
      maxRetryDelayMs: 172_800_000,
      jitter: 0,
      timeoutMs: null,
      killGraceMs: 500,
      pool: 'default',
      priority: 5,
      cwd: '/abs/dir',
      env: { MODE: 'prod', LEVEL: '2', WHO: '{{ pipeline }}' },
      alerts: BUILTIN_ALERT_RULES,
    });
    expect([...project.jobs.values()]).toEqual([{ name: 'daily', description: 'Every weekday', pipelines: ['load', 'report'] }]);
  });

  it('applies built-in settings when there are no defaults', () => {
    const project = projectFor(yaml('name: p', 'pipelines:', '  a:', '    command: echo hi', '    priority: high'));
    expect(project.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(project.jobs.size).toBe(0);
    expect(project.pipelines.get('a')).toMatchObject({
      command: { kind: 'shell', script: 'echo hi' },
      retries: 0,
      retryDelayMs: 10_000,
      backoff: 2,
      maxRetryDelayMs: 600_000,
      jitter: 0.1,
      timeoutMs: null,
      killGraceMs: 5_000,
      pool: 'default',
      priority: 10,
      cwd: project.dir,
      env: {},
    });
  });

  it('lets a project size the default pool', () => {
    expect(projectFor(yaml('name: p', 'pools: {default: 3}', 'pipelines:', '  a: {command: x}')).pools).toEqual({ default: 3 });
  });

  it('resolves aliases to their anchored values', () => {
    const project = projectFor(
      yaml('name: p', 'defaults:', '  env: &common {A: "1"}', 'pipelines:', '  a:', '    command: x', '    env: *common'),
    );
    expect(project.pipelines.get('a')?.env).toEqual({ A: '1' });
  });
});
