import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../electron/engine/config/index.js';
import { problemsFor, writeProject, yaml } from './project-fixture.js';

describe('env_passthrough in tickwork.yaml', () => {
  it('adds the names of defaults, the pipeline and a job together, each once', () => {
    const dir = writeProject(
      yaml(
        'name: p',
        'defaults: {env_passthrough: [AWS_*, BAD_METRICS]}',
        'pipelines:',
        '  prep: {command: "true", env_passthrough: [BAD_METRICS, RUN_MODE]}',
        '  plain: {command: "true"}',
        'jobs:',
        '  nightly: {pipelines: [prep], env_passthrough: [NIGHTLY_FLAG]}',
        '  other: {pipelines: [plain]}',
      ),
    );
    const result = loadProject(dir);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.project.pipelines.get('prep')!.envPassthrough).toEqual(['AWS_*', 'BAD_METRICS', 'RUN_MODE']);
    expect(result.project.pipelines.get('plain')!.envPassthrough).toEqual(['AWS_*', 'BAD_METRICS']);
    expect(result.project.jobs.get('nightly')!.envPassthrough).toEqual(['NIGHTLY_FLAG']);
    expect(result.project.jobs.get('other')!.envPassthrough).toBeUndefined();
  });

  it('leaves a project without env_passthrough without any', () => {
    const result = loadProject(writeProject(yaml('name: p', 'pipelines:', '  a: {command: "true"}')));
    expect(result.ok && result.project.pipelines.get('a')!.envPassthrough).toBeUndefined();
  });

  it('reports each bad entry at its own line and column', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'defaults:',
          '  env_passthrough: BAD_METRICS',
          'pipelines:',
          '  a:',
          '    command: "true"',
          '    env_passthrough: [OK_NAME, 1ST, "has space", "*", TICKWORK_HOME, OK_NAME, {x: 1}]',
          'jobs:',
          '  j: {pipelines: [a], env_passthrough: [bad-name]}',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:3:20: defaults.env_passthrough: expected a list of environment variable names, got \"BAD_METRICS\"',
      'tickwork.yaml:7:32: pipelines.a.env_passthrough: "1ST" is not an environment variable name: letters, digits and _, not starting with a digit (* matches any characters)',
      'tickwork.yaml:7:37: pipelines.a.env_passthrough: "has space" is not an environment variable name: letters, digits and _, not starting with a digit (* matches any characters)',
      'tickwork.yaml:7:50: pipelines.a.env_passthrough: "*" would pass the caller\'s whole environment; name the variables (AWS_* is fine)',
      'tickwork.yaml:7:55: pipelines.a.env_passthrough: "TICKWORK_HOME": TICKWORK_* variables are set by Tickwork itself',
      'tickwork.yaml:7:70: pipelines.a.env_passthrough: "OK_NAME" is listed more than once',
      'tickwork.yaml:7:79: pipelines.a.env_passthrough: expected a string, got a mapping',
      'tickwork.yaml:9:41: jobs.j.env_passthrough: "bad-name" is not an environment variable name: letters, digits and _, not starting with a digit (* matches any characters)',
    ]);
  });
});
