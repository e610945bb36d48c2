import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PassthroughRecord } from '../../../shared/run-model.js';
import {
  adoptedPassthrough,
  baseEnvironment,
  matchesPassthrough,
  passthroughDigest,
  passthroughRecord,
  pickPassthrough,
  taskEnvironment,
  taskVariables,
  withPassthrough,
} from '../../../electron/engine/exec/task-env.js';

const key = crypto.randomBytes(32);

describe('the environment rule', () => {
  it('takes only the documented base from the engine: PATH, HOME, … and every LC_*', () => {
    const engine = { PATH: '/bin', HOME: '/h', LC_ALL: 'C', LANG: 'en', NODE_OPTIONS: '--x', AWS_SECRET: 's', TICKWORK_LAUNCHER: 'sh' };
    expect(baseEnvironment(engine)).toEqual({ PATH: '/bin', HOME: '/h', LC_ALL: 'C', LANG: 'en' });
  });

  it('layers base ← passthrough ← config env ← TICKWORK_*', () => {
    const variables = taskVariables({ PATH: '/trigger/bin', FLAG: '1', TICKWORK_DATE: 'forged' }, { FLAG: 'config', TICKWORK_DATE: '2025-01-02' }, '/home/tw');
    expect(taskEnvironment({ PATH: '/bin', HOME: '/h', OTHER: 'x' }, variables)).toEqual({
      PATH: '/trigger/bin',
      HOME: '/h',
      FLAG: 'config',
      TICKWORK_DATE: '2025-01-02',
      TICKWORK_HOME: '/home/tw',
    });
  });

  it('matches names exactly, or with * for any run of characters', () => {
    expect(matchesPassthrough('AWS_*', 'AWS_REGION')).toBe(true);
    expect(matchesPassthrough('AWS_*', 'MY_AWS_REGION')).toBe(false);
    expect(matchesPassthrough('*_TOKEN', 'GH_TOKEN')).toBe(true);
    expect(matchesPassthrough('A.B', 'AxB')).toBe(false);
    expect(matchesPassthrough('BAD', 'BAD_METRICS')).toBe(false);
    expect(pickPassthrough(['B*', 'A'], { B2: 'x', A: '', C: 'y', B1: 'z', BX: undefined })).toEqual({ A: '', B1: 'z', B2: 'x' });
  });

  it('digests equal maps equally, whatever their order, and tells unset from empty', () => {
    expect(passthroughDigest({ A: '1', B: '2' }, key)).toBe(passthroughDigest({ B: '2', A: '1' }, key));
    expect(passthroughDigest({ A: '1' }, key)).not.toBe(passthroughDigest({ A: '2' }, key));
    expect(passthroughDigest({ A: '' }, key)).not.toBe(passthroughDigest({}, key));
    expect(passthroughDigest({ A: '1' }, key)).not.toBe(passthroughDigest({ A: '1' }, crypto.randomBytes(32)));
  });

  it('records the job’s names with the pipeline’s, and leaves a spec without any as it is', () => {
    const spec: { envPassthrough: readonly string[]; passthrough?: PassthroughRecord } = { envPassthrough: ['A'] };
    const planned = withPassthrough(spec, ['J'], { values: { A: '1', J: '2', X: '3' }, key });
    expect(planned.envPassthrough).toEqual(['A', 'J']);
    expect(planned.passthrough).toEqual({ names: ['A', 'J'], digest: passthroughDigest({ A: '1', J: '2' }, key) });
    const plain = {};
    expect(withPassthrough(plain, [], undefined)).toBe(plain);
  });

  it('lets an adopting engine carry on only with the values the unfinished tasks were planned with', () => {
    const trigger = { values: { A: '1', B: '2' }, key };
    const task = (state: 'pending' | 'succeeded', patterns: string[]) => ({ state, spec: { envPassthrough: patterns, passthrough: passthroughRecord(patterns, trigger) } });
    const tasks = [task('succeeded', ['B']), task('pending', ['A'])];
    expect(adoptedPassthrough(tasks, { A: '1', B: 'changed', Z: 'z' }, () => key)).toEqual({ ok: true, values: { A: '1' } });
    expect(adoptedPassthrough(tasks, {}, () => key)).toEqual({ ok: false, problem: 'A is not set here' });
    expect(adoptedPassthrough(tasks, { A: '9' }, () => key)).toEqual({ ok: false, problem: 'A has another value here than when the run was triggered' });
    const none = [task('pending', ['C'])];
    expect(adoptedPassthrough(none, { C: 'new' }, () => key)).toEqual({ ok: false, problem: 'C is set here but was not when the run was triggered' });
  });
});
