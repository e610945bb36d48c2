import { describe, expect, it } from 'vitest';
import { problemsFor, yaml } from './project-fixture.js';

describe('loadProject schema problems', () => {
  it('reports missing name and pipelines at the start of the top-level mapping', () => {
    expect(problemsFor(yaml('timezone: UTC'))).toEqual([
      'tickwork.yaml:1:1: name: missing required key',
      'tickwork.yaml:1:1: pipelines: missing required key',
    ]);
  });

  it('reports a pipeline without a command at the pipeline body', () => {
    expect(problemsFor(yaml('name: p', 'pipelines:', '  a:', '    description: no command'))).toEqual([
      'tickwork.yaml:4:5: pipelines.a.command: missing required key',
    ]);
  });

  it('reports an empty pipelines mapping', () => {
    expect(problemsFor(yaml('name: p', 'pipelines: {}'))).toEqual([
      'tickwork.yaml:2:12: pipelines: expected at least one pipeline',
    ]);
  });

  it('names the expected and the found type for wrong types', () => {
    expect(
      problemsFor(
        yaml(
          'name: [p]',
          'pipelines:',
          '  data:',
          '    command: {run: x}',
          '    retries: three',
          '    jitter: 1.5',
          '    backoff: 0.5',
          '    env: [A]',
          '    depends_on: other',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:1:7: name: expected a string, got a list',
      'tickwork.yaml:4:14: pipelines.data.command: expected a shell command string or a list of arguments, got a mapping',
      'tickwork.yaml:5:14: pipelines.data.retries: expected a non-negative integer, got "three"',
      'tickwork.yaml:6:13: pipelines.data.jitter: expected a number from 0 to 1, got 1.5',
      'tickwork.yaml:7:14: pipelines.data.backoff: expected a number ≥ 1, got 0.5',
      'tickwork.yaml:8:10: pipelines.data.env: expected a mapping, got a list',
      'tickwork.yaml:9:17: pipelines.data.depends_on: expected a list of pipeline names, got "other"',
    ]);
  });

  it('reports empty commands, both as a string and as a list', () => {
    expect(
      problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: ""', '  b:', '    command: []', '  c:', '    command: [run, null]')),
    ).toEqual([
      'tickwork.yaml:4:14: pipelines.a.command: expected a non-empty command',
      'tickwork.yaml:6:14: pipelines.b.command: expected a non-empty list of arguments',
      'tickwork.yaml:8:20: pipelines.c.command: expected each argument to be a string, got null',
    ]);
  });

  it('suggests the closest key for unknown keys at every level', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pipelnes: {}',
          'defaults:',
          '  timout: 5m',
          'pipelines:',
          '  data:',
          '    command: echo',
          '    retires: 3',
          '    on_error:',
          '      - exit_code: 2',
          '        action: retry',
          '        max_atempts: 5',
          '    colour: blue',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:2:1: pipelnes: unknown key; did you mean "pipelines"?',
      'tickwork.yaml:4:3: defaults.timout: unknown key; did you mean "timeout"?',
      'tickwork.yaml:8:5: pipelines.data.retires: unknown key; did you mean "retries"?',
      'tickwork.yaml:12:9: pipelines.data.on_error[0].max_atempts: unknown key; did you mean "max_attempts"?',
      'tickwork.yaml:13:5: pipelines.data.colour: unknown key; expected one of: command, description, depends_on, provides, requires, on_error, wait_for, schedule, alerts, partitions, outputs, keep_awake, max_active_runs, overlap, retries, retry_delay, backoff, max_retry_delay, jitter, timeout, kill_grace, pool, priority, cwd, env, env_passthrough, log_max, code',
    ]);
  });

  it('reports bad durations, priorities and timezones at the value', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'timezone: Europe/Londn',
          'defaults:',
          '  retry_delay: 5 minutes',
          '  priority: urgent',
          'pipelines:',
          '  a:',
          '    command: echo',
          '    timeout: soon',
          '    priority: hihg',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:2:11: timezone: unknown time zone "Europe/Londn"; did you mean "Europe/London"?',
      'tickwork.yaml:4:16: defaults.retry_delay: expected a duration like 500ms, 30s, 5m, 1h30m or 2d, got "5 minutes"',
      'tickwork.yaml:5:13: defaults.priority: expected low, normal, high or an integer, got "urgent"',
      'tickwork.yaml:9:14: pipelines.a.timeout: expected a duration like 500ms, 30s, 5m, 1h30m or 2d, or null for none, got "soon"',
      'tickwork.yaml:10:15: pipelines.a.priority: expected low, normal, high or an integer, got "hihg"; did you mean "high"?',
    ]);
  });

  it('reports a timezone with no close match by asking for an IANA name', () => {
    expect(problemsFor(yaml('name: p', 'timezone: Mars/Olympus', 'pipelines:', '  a:', '    command: echo'))).toEqual([
      'tickwork.yaml:2:11: timezone: unknown time zone "Mars/Olympus"; use an IANA name like Europe/London',
    ]);
  });

  it('reports a pool that is not declared, with a suggestion or the declared list', () => {
    expect(
      problemsFor(
        yaml('name: p', 'pools:', '  gpu: 2', 'pipelines:', '  a:', '    command: echo', '    pool: gpuu', '  b:', '    command: echo', '    pool: cluster'),
      ),
    ).toEqual([
      'tickwork.yaml:7:11: pipelines.a.pool: unknown pool "gpuu"; did you mean "gpu"?',
      'tickwork.yaml:10:11: pipelines.b.pool: unknown pool "cluster"; pools: default, gpu',
    ]);
  });

  it('reports bad pool sizes, invalid names and a reserved partition key', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pools:',
          '  gpu: 0',
          'partitions:',
          '  date: [a]',
          '  region: []',
          'params:',
          '  "my param": 1',
          'pipelines:',
          '  "bad name":',
          '    command: echo',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:3:8: pools.gpu: expected a positive integer, got 0',
      'tickwork.yaml:5:3: partitions.date: "date" is reserved for the run date partition; pick another key',
      'tickwork.yaml:6:11: partitions.region: expected at least one partition value',
      'tickwork.yaml:8:3: params.my param: invalid name "my param": start with a letter or _, then use only letters, digits, _, . and -',
      'tickwork.yaml:10:3: pipelines.bad name: invalid name "bad name": start with a letter or _, then use only letters, digits, _, . and -',
    ]);
  });

  it('reports on_error rules with a bad regex, no condition, or a bad action', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pipelines:',
          '  a:',
          '    command: echo',
          '    on_error:',
          '      - output: "(unclosed"',
          '        action: retry',
          '      - action: skip',
          '        max_attempts: 0',
          '      - exit_code: [1, x]',
          '        action: retyr',
          '      - exit_code: 3',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:6:17: pipelines.a.on_error[0].output: invalid regular expression: /(unclosed/: Unterminated group',
      'tickwork.yaml:8:9: pipelines.a.on_error[1]: a rule needs exit_code, output or both to say which failures it matches',
      'tickwork.yaml:9:23: pipelines.a.on_error[1].max_attempts: expected a positive integer, got 0',
      'tickwork.yaml:10:24: pipelines.a.on_error[2].exit_code: expected an integer, got "x"',
      'tickwork.yaml:11:17: pipelines.a.on_error[2].action: expected retry, fail or skip, got "retyr"; did you mean "retry"?',
      'tickwork.yaml:12:9: pipelines.a.on_error[3].action: missing required key',
    ]);
  });

  it('reports unknown template variables and partition keys at the scalar holding them', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'params: {lookback: "60"}',
          'partitions:',
          '  region: [US, EU]',
          'pipelines:',
          '  a:',
          '    command: [run, "--day={{dat}}", "{{ partition.regoin }}", "{{ params.lookback }}", "{{ params.lookbak }}", "{{ partition.date }}"]',
          '    cwd: "out/{{ runid }}"',
          '    env:',
          '      WHERE: "{{ partition.zone }}"',
          '      OK: "{{ partition.region }}-{{ pipeline }}-{{ attempt }}-{{ run_id }}"',
          '      OPEN: "{{ date"',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:7:20: pipelines.a.command: unknown template variable {{ dat }}; did you mean {{ date }}?',
      'tickwork.yaml:7:37: pipelines.a.command: unknown partition key "regoin" in {{ partition.regoin }}; did you mean "region"?',
      'tickwork.yaml:7:88: pipelines.a.command: unknown param "lookbak" in {{ params.lookbak }}; did you mean "lookback"?',
      'tickwork.yaml:8:10: pipelines.a.cwd: unknown template variable {{ runid }}; did you mean {{ run_id }}?',
      'tickwork.yaml:10:14: pipelines.a.env.WHERE: unknown partition key "zone" in {{ partition.zone }}; partition keys: date, region',
      'tickwork.yaml:12:13: pipelines.a.env.OPEN: unterminated template "{{ date…": close it with }}',
    ]);
  });

  it('reports every problem in the file at once, sorted by position', () => {
    const problems = problemsFor(
      yaml('name: 7', 'pipelines:', '  b:', '    command: echo', '    retries: x', '  a:', '    pool: nope', 'jobs:', '  j:', '    pipelines: [zz]'),
    );
    expect(problems).toEqual([
      'tickwork.yaml:5:14: pipelines.b.retries: expected a non-negative integer, got "x"',
      'tickwork.yaml:7:5: pipelines.a.command: missing required key',
      'tickwork.yaml:7:11: pipelines.a.pool: unknown pool "nope"; pools: default',
      'tickwork.yaml:10:17: jobs.j.pipelines: unknown pipeline "zz"; pipelines: b, a',
    ]);
  });

  it('reports values Tickwork could not honour: env names a shell drops, unsafe integers, durations past a year, unknown tags', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pools: {default: 99999999999999999999}',
          'pipelines:',
          '  a:',
          '    command: [run]',
          '    priority: 99999999999999999999',
          '    timeout: 30d',
          '    retry_delay: 400d',
          '    env: {MY-VAR: x, 1BAD: y, OK_1: z}',
          '  b:',
          '    command: !custom [run]',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:2:18: pools.default: expected a positive integer, got 99999999999999999999',
      'tickwork.yaml:6:15: pipelines.a.priority: expected low, normal, high or an integer, got 99999999999999999999',
      'tickwork.yaml:8:18: pipelines.a.retry_delay: 400d is longer than the longest duration Tickwork takes (365d)',
      'tickwork.yaml:9:11: pipelines.a.env.MY-VAR: "MY-VAR" is not a usable environment variable name: letters, digits and _, not starting with a digit',
      'tickwork.yaml:9:22: pipelines.a.env.1BAD: "1BAD" is not a usable environment variable name: letters, digits and _, not starting with a digit',
      'tickwork.yaml:11:14: unresolved tag: !custom',
    ]);
  });

  it('reads a file of nested aliases (a "billion laughs") without expanding them, reporting its unknown keys', () => {
    const levels = Array.from({ length: 9 }, (_, i) => (i === 0 ? 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]' : `x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`));
    const problems = problemsFor(yaml('name: bomb', ...levels, 'pipelines:', '  a: {command: "true"}'));
    expect(problems).toHaveLength(9);
    expect(problems[0]).toBe('tickwork.yaml:2:1: x0: unknown key; expected one of: name, timezone, defaults, pools, params, partitions, pipelines, jobs, alerts, log_max, retention, datasets, lake, sweeps');
  });
});
