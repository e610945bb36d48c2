import { describe, expect, it } from 'vitest';
import { problemsFor, projectFor, yaml } from './project-fixture.js';
import { formatSize, parseSize } from '../../../shared/sizes.js';

const DAY = 86_400_000;

describe('log_max', () => {
  it('defaults to 100 MB, is set for the project at the top level and overridden per pipeline (none: no cap)', () => {
    expect(projectFor(yaml('name: p', 'pipelines:', '  a: {command: [x]}')).pipelines.get('a')!.logMaxBytes).toBeUndefined();
    const project = projectFor(
      yaml('name: p', 'log_max: 64KB', 'pipelines:', '  a: {command: [x]}', '  b: {command: [x], log_max: 2 GB}', '  c: {command: [x], log_max: none}', '  d: {command: [x], log_max: 4096}'),
    );
    expect(['a', 'b', 'c', 'd'].map((name) => project.pipelines.get(name)!.logMaxBytes)).toEqual([64 * 1024, 2 * 1024 ** 3, null, 4096]);
  });

  it('reports a value that is not a size, or is below 1KB, at its line and column', () => {
    expect(problemsFor(yaml('name: p', 'log_max: lots', 'pipelines:', '  a: {command: [x], log_max: 10}', '  b:', '    command: [x]', '    log_max: 5 parsecs'))).toEqual([
      'tickwork.yaml:2:10: log_max: expected a size like 100MB, 512KB or 2GB (or none for no cap), got "lots"',
      'tickwork.yaml:4:30: pipelines.a.log_max: 10 is below the smallest log cap, 1KB (the log keeps half of it from its start and half from its end)',
      'tickwork.yaml:7:14: pipelines.b.log_max: expected a size like 100MB, 512KB or 2GB (or none for no cap), got "5 parsecs"',
    ]);
  });
});

describe('retention', () => {
  it('defaults to 90 days of runs and 30 days of logs; each may be set alone, or kept for ever', () => {
    expect(projectFor(yaml('name: p', 'pipelines:', '  a: {command: [x]}')).retention).toEqual({ runsMs: 90 * DAY, logsMs: 30 * DAY });
    expect(projectFor(yaml('name: p', 'retention: {logs: 7d}', 'pipelines:', '  a: {command: [x]}')).retention).toEqual({ runsMs: 90 * DAY, logsMs: 7 * DAY });
    expect(projectFor(yaml('name: p', 'retention: {runs: forever, logs: 12h}', 'pipelines:', '  a: {command: [x]}')).retention).toEqual({ runsMs: null, logsMs: DAY / 2 });
  });

  it('reports unknown keys, values that are no duration and retentions too short, at their line and column', () => {
    expect(problemsFor(yaml('name: p', 'retention:', '  runs: 2h', '  logs: soon', '  events: 3d', 'pipelines:', '  a: {command: [x]}'))).toEqual([
      'tickwork.yaml:3:9: retention.runs: 2h is shorter than the shortest retention, 1d (a run keeps its schedule slot from firing twice)',
      'tickwork.yaml:4:9: retention.logs: expected a duration like 90d, 12h or 2d12h (or forever), got "soon"',
      'tickwork.yaml:5:3: retention.events: unknown key; expected one of: runs, logs',
    ]);
    expect(problemsFor(yaml('name: p', 'retention: 90d', 'pipelines:', '  a: {command: [x]}'))).toEqual([expect.stringMatching(/^tickwork\.yaml:2:12: retention: expected a mapping/)]);
  });
});

describe('sizes', () => {
  it('reads binary units in any case, with or without a space, and shows them back', () => {
    expect(['100MB', '64 KB', '1.5GiB', '2g', '512', '10 bytes'].map(parseSize)).toEqual([100 * 1024 ** 2, 64 * 1024, 1.5 * 1024 ** 3, 2 * 1024 ** 3, 512, null]);
    expect([100 * 1024 ** 2, 64 * 1024, 1280, 1.5 * 1024 ** 3, 900, 1].map(formatSize)).toEqual(['100 MB', '64 KB', '1.3 KB', '1.5 GB', '900 bytes', '1 byte']);
  });
});
