import { describe, expect, it } from 'vitest';
import { resolveTargets } from '../../../electron/engine/plan/index.js';
import { graphProject } from './plan-fixture.js';

const project = graphProject({ load: [], prices: ['load'], report: ['prices'] }, { daily: ['prices', 'report'] });

describe('resolveTargets', () => {
  it('accepts pipeline names as they are', () => {
    expect(resolveTargets(project, ['report'])).toEqual({ ok: true, pipelines: ['report'] });
  });

  it('expands a job into its pipelines and drops duplicates', () => {
    expect(resolveTargets(project, ['report', 'daily', 'load'])).toEqual({ ok: true, pipelines: ['report', 'prices', 'load'] });
  });

  it('explains unknown targets with a suggestion and the valid names', () => {
    expect(resolveTargets(project, ['dialy', 'zzz'])).toEqual({
      ok: false,
      message: [
        'unknown pipeline or job "dialy"; did you mean "daily"?',
        'unknown pipeline or job "zzz"',
        'Pipelines: load, prices, report. Jobs: daily.',
      ].join('\n'),
    });
  });

  it('asks for a target when none is given', () => {
    expect(resolveTargets(project, [])).toEqual({
      ok: false,
      message: 'no target given: name a pipeline or job. Pipelines: load, prices, report. Jobs: daily.',
    });
  });
});
