import { describe, expect, it } from 'vitest';
import { problemsFor, projectFor, yaml } from './project-fixture.js';
import { expandRange, gridTrials, parseGridFlag } from '../../../electron/engine/sweep/sweep-grid.js';

const base = [
  'name: research',
  'params: {window: 20, threshold: 1, lookback: 60}',
  'pipelines:',
  '  prices: {command: ["true"]}',
  '  backtest:',
  '    command: ["echo", "{{ params.window }}", "{{ params.threshold }}"]',
  '    depends_on: [prices]',
];

describe('sweeps: in tickwork.yaml', () => {
  it('reads a sweep with a list and a range, its metrics, sort, parallelism and mode', () => {
    const project = projectFor(
      yaml(
        ...base,
        'sweeps:',
        '  ma_grid:',
        '    pipeline: backtest',
        '    grid: {window: [20, 50, 100], threshold: {range: [0.5, 2.0, 0.5]}}',
        '    collect: [sharpe, total_return]',
        '    sort: -sharpe',
        '    parallel: 3',
        '    mode: live',
      ),
    );
    expect(project.sweeps!.get('ma_grid')).toEqual({
      name: 'ma_grid',
      pipeline: 'backtest',
      grid: { window: ['20', '50', '100'], threshold: ['0.5', '1', '1.5'] },
      collect: ['sharpe', 'total_return'],
      sort: { metric: 'sharpe', descending: true },
      parallel: 3,
      mode: 'live',
    });
  });

  it('defaults to no metrics, grid order, the CPU count and live mode', () => {
    const project = projectFor(yaml(...base, 'sweeps:', '  s: {pipeline: backtest, grid: {window: [1]}}'));
    const sweep = project.sweeps!.get('s')!;
    expect(sweep).toMatchObject({ collect: [], sort: null, mode: 'live' });
    expect(sweep.parallel).toBeGreaterThanOrEqual(1);
  });

  it('reports an unknown pipeline, an undeclared param, a bad range, an empty grid, a sort not collected and parallel < 1 at file:line:col', () => {
    const text = yaml(
      ...base,
      'sweeps:',
      '  a:',
      '    pipeline: backtset',
      '    grid: {windw: [1, 2]}',
      '  b:',
      '    pipeline: backtest',
      '    grid:',
      '      window: {range: [10, 5, 1]}',
      '      threshold: {range: [1, 2, 0]}',
      '      lookback: []',
      '    collect: [sharpe]',
      '    sort: -sharp',
      '    parallel: 0',
      '    mode: remote',
      '  c: {pipeline: backtest, grid: {}}',
      '  d: {grid: {window: [1, 1]}, extra: 1}',
    );
    expect(problemsFor(text)).toEqual([
      'tickwork.yaml:10:15: sweeps.a.pipeline: unknown pipeline "backtset"; did you mean "backtest"?',
      'tickwork.yaml:11:12: sweeps.a.grid.windw: "windw" is not a declared param; did you mean "window"?',
      'tickwork.yaml:15:23: sweeps.b.grid.window.range: range 10 to 5 by 1 is empty (stop is excluded; a step toward stop is needed)',
      'tickwork.yaml:16:26: sweeps.b.grid.threshold.range: step must not be 0',
      'tickwork.yaml:17:17: sweeps.b.grid.lookback: expected at least one value',
      'tickwork.yaml:19:11: sweeps.b.sort: "sharp" is not a collected metric; did you mean "sharpe"?',
      'tickwork.yaml:20:15: sweeps.b.parallel: expected a positive integer, got 0',
      'tickwork.yaml:21:11: sweeps.b.mode: unknown mode "remote"; expected one of: live, local',
      'tickwork.yaml:22:33: sweeps.c.grid: expected at least one param to sweep, e.g. grid: {window: [20, 50]}',
      'tickwork.yaml:23:6: sweeps.d.pipeline: missing required key',
      'tickwork.yaml:23:26: sweeps.d.grid.window: "1" is listed more than once',
      'tickwork.yaml:23:31: sweeps.d.extra: unknown key; expected one of: pipeline, grid, collect, sort, parallel, mode',
    ]);
  });
});

describe('sweep grids', () => {
  it('expands ranges like Python (stop excluded, fractional and negative steps) and multiplies keys out', () => {
    expect(expandRange(60, 120, 20)).toEqual(['60', '80', '100']);
    expect(expandRange(0.1, 0.5, 0.1)).toEqual(['0.1', '0.2', '0.3', '0.4']);
    expect(expandRange(3, 0, -1)).toEqual(['3', '2', '1']);
    expect(gridTrials({ a: ['1', '2'], b: ['x', 'y'] })).toEqual([
      { a: '1', b: 'x' },
      { a: '1', b: 'y' },
      { a: '2', b: 'x' },
      { a: '2', b: 'y' },
    ]);
  });

  it('reads --grid flags as lists or start:stop:step ranges', () => {
    expect(parseGridFlag('alpha=1,1e-2,0.001')).toEqual({ key: 'alpha', values: ['1', '1e-2', '0.001'] });
    expect(parseGridFlag('window=60:120:20')).toEqual({ key: 'window', values: ['60', '80', '100'] });
    expect(parseGridFlag('n=0:3')).toEqual({ key: 'n', values: ['0', '1', '2'] });
    expect(parseGridFlag('window')).toBe('--grid window: expected key=v1,v2 or key=start:stop:step');
    expect(parseGridFlag('a=1,,2')).toBe('--grid a: expected a value between each comma, e.g. a=1,2,3');
    expect(parseGridFlag('a=5:1:1')).toBe('--grid a: range 5 to 1 by 1 is empty (stop is excluded; a step toward stop is needed)');
  });
});
