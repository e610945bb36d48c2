import { describe, expect, it } from 'vitest';
import { problemsFor, projectFor, yaml } from './project-fixture.js';

describe('keep_awake: on a pipeline', () => {
  it('is read as true when set, and absent when false or left out', () => {
    const project = projectFor(yaml('name: p', 'pipelines:', '  sweep: {command: ["true"], keep_awake: true}', '  quick: {command: ["true"], keep_awake: false}', '  plain: {command: ["true"]}'));
    expect(project.pipelines.get('sweep')!.keepAwake).toBe(true);
    expect(project.pipelines.get('quick')!.keepAwake).toBeUndefined();
    expect(project.pipelines.get('plain')!.keepAwake).toBeUndefined();
  });

  it('reports a value that is not a boolean at file:line:col', () => {
    expect(problemsFor(yaml('name: p', 'pipelines:', '  sweep:', '    command: ["true"]', '    keep_awake: always'))).toEqual([
      'tickwork.yaml:5:17: pipelines.sweep.keep_awake: expected true or false, got "always"',
    ]);
  });
});
