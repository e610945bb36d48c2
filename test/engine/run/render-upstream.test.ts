import { describe, expect, it } from 'vitest';
import { renderTask, templateContext, upstreamDateVariable } from '../../../electron/engine/run/render-task.js';
import type { TaskSpec } from '../../../shared/run-model.js';

const spec = (externalUpstream?: string[]): TaskSpec => ({
  command: { kind: 'argv', argv: ['echo', '{{ upstream.data.date }}', '{{ upstream.fx.rates.date }}'] },
  onError: [],
  retries: 0,
  retryDelayMs: 0,
  backoff: 1,
  maxRetryDelayMs: 0,
  jitter: 0,
  timeoutMs: null,
  killGraceMs: 0,
  pool: 'default',
  priority: 0,
  cwd: '/tmp',
  env: {},
  ...(externalUpstream ? { externalUpstream } : {}),
});

const base = templateContext({ partition: { date: '2025-02-06', region: 'US' }, params: {} }, '7', 'metrics', 1);

describe('rendering upstream dates', () => {
  it('names each upstream variable by its pipeline, upper case, with anything else as _', () => {
    expect(upstreamDateVariable('data')).toBe('TICKWORK_UPSTREAM_DATA_DATE');
    expect(upstreamDateVariable('fx.rates-v2')).toBe('TICKWORK_UPSTREAM_FX_RATES_V2_DATE');
  });

  it('gives the command and the environment the date of each upstream result the task uses', () => {
    const rendered = renderTask(spec(['data']), { ...base, upstream: { data: '2025-02-03', 'fx.rates': '2025-02-06' } });
    expect(rendered.command).toEqual({ kind: 'argv', argv: ['echo', '2025-02-03', '2025-02-06'] });
    expect(rendered.env).toMatchObject({ TICKWORK_UPSTREAM_DATA_DATE: '2025-02-03', TICKWORK_UPSTREAM_FX_RATES_DATE: '2025-02-06', TICKWORK_DATE: '2025-02-06' });
  });

  it('shows an outside upstream not chosen yet (a plan, a dry run) as what will be used', () => {
    const rendered = renderTask(spec(['data']), base);
    expect(rendered.command).toEqual({ kind: 'argv', argv: ['echo', '<latest data ≤ 2025-02-06>', '2025-02-06'] });
    expect(rendered.env.TICKWORK_UPSTREAM_DATA_DATE).toBe('<latest data ≤ 2025-02-06>');
  });
});
