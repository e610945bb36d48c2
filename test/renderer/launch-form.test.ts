import { describe, expect, it } from 'vitest';
import { allowedPartitionValues, formFromSearch, searchFromForm, setParam, togglePartition, triggerRequests, EMPTY_FORM } from '../../renderer/views/launch/launch-form.js';
import type { ProjectGraph } from '../../shared/project-model.js';

const pipeline = (name: string, partitions: Record<string, string[]> | null = null) => ({ name, description: null, dependsOn: [], provides: [], requires: [], pool: 'default', priority: 0, partitions, outputs: [], scheduleKey: null });
const GRAPH: ProjectGraph = {
  name: 'p',
  file: '/p/tickwork.yaml',
  timezone: 'America/New_York',
  pools: {},
  params: { depth: '3' },
  partitions: { region: ['US', 'EU', 'JP'], desk: ['A', 'B'] },
  pipelines: [pipeline('prices'), pipeline('metrics', { region: ['US', 'EU'] })],
  jobs: [{ name: 'nightly', description: null, pipelines: ['metrics'], partitions: { region: ['EU', 'JP'] }, scheduleKey: null }],
  edges: [],
  schedules: [],
};

describe('the Launch form', () => {
  it('reads a deep link: targets, date, selection, force, bare partition keys and param.NAME', () => {
    const form = formFromSearch('?target=metrics&date=2025-02-03&region=EU&region=US&selection=no_upstream&force=1&param.depth=5');
    expect(form).toEqual({ project: null, targets: ['metrics'], selection: 'no_upstream', force: true, date: '2025-02-03', partitions: { region: ['EU', 'US'] }, params: { depth: '5' } });
    expect(formFromSearch('selection=sideways').selection).toBe('upstream');
    expect(formFromSearch('')).toEqual(EMPTY_FORM);
  });

  it('writes the same URL back, leaving defaults out', () => {
    const search = 'target=metrics&target=prices&force=1&date=2025-02-03&region=EU&param.depth=5';
    expect(searchFromForm(formFromSearch(search))).toBe(search);
    expect(searchFromForm(EMPTY_FORM)).toBe('');
  });

  it('makes one request per combination of checked values; keys with none checked fan out in the engine', () => {
    const form = { ...EMPTY_FORM, targets: ['metrics'], date: '2025-02-03', partitions: { region: ['US', 'EU'], desk: ['B'] } };
    expect(triggerRequests(form, '/p/tickwork.yaml').map((r) => r.partition)).toEqual([
      { region: 'US', desk: 'B' },
      { region: 'EU', desk: 'B' },
    ]);
    const open = triggerRequests({ ...EMPTY_FORM, targets: ['metrics'] }, '/p/tickwork.yaml');
    expect(open).toEqual([{ project: '/p/tickwork.yaml', targets: ['metrics'], selection: 'upstream', force: false, partition: {}, params: {} }]);
  });

  it('offers the values the targets run for (their partitions: narrow the project’s)', () => {
    expect(allowedPartitionValues(GRAPH, ['prices'])).toEqual({ region: ['US', 'EU', 'JP'], desk: ['A', 'B'] });
    expect(allowedPartitionValues(GRAPH, ['metrics'])).toEqual({ region: ['US', 'EU'], desk: ['A', 'B'] });
    expect(allowedPartitionValues(GRAPH, ['metrics', 'nightly'])).toEqual({ region: ['EU'], desk: ['A', 'B'] });
  });

  it('toggles partition values and keeps only params that differ from their default', () => {
    let form = togglePartition(EMPTY_FORM, 'region', 'EU', true);
    form = togglePartition(form, 'region', 'US', true);
    expect(form.partitions).toEqual({ region: ['EU', 'US'] });
    form = togglePartition(togglePartition(form, 'region', 'EU', false), 'region', 'US', false);
    expect(form.partitions).toEqual({});
    expect(setParam(EMPTY_FORM, 'depth', '5', '3').params).toEqual({ depth: '5' });
    expect(setParam({ ...EMPTY_FORM, params: { depth: '5' } }, 'depth', '3', '3').params).toEqual({});
  });
});
