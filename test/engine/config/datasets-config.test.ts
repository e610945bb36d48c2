import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWithPositions } from '../../../electron/engine/config/load-project.js';
import { problemsFor, projectFor, yaml } from './project-fixture.js';

const chain = [
  'name: research',
  'partitions: {region: [US, EU]}',
  'datasets:',
  '  prices: {format: parquet, partition_by: [date, region], description: daily closes}',
  '  metrics: {format: csv}',
  'pipelines:',
  '  load:',
  '    command: ["true"]',
  '    provides: [prices, ready]',
  '  score:',
  '    command: ["true"]',
  '    depends_on: [load]',
  '    requires: [prices, ready]',
  '    provides: [metrics]',
];

describe('datasets: and lake: in tickwork.yaml', () => {
  it('reads datasets with their format and partition levels, and the lake with its defaults', () => {
    const project = projectFor(yaml(...chain));
    expect([...project.datasets!.values()]).toEqual([
      { name: 'prices', format: 'parquet', partitionBy: ['date', 'region'], description: 'daily closes' },
      { name: 'metrics', format: 'csv', partitionBy: [] },
    ]);
    expect(project.lake).toEqual({ root: path.join(project.dir, '.tickwork', 'lake'), name: 'research', range: null });
    // A name that is no dataset keeps its meaning: a signal checked against the upstream's provides.
    expect(project.pipelines.get('score')!.requires).toEqual(['prices', 'ready']);
  });

  it('reads a lake root relative to the project, its name and its date range', () => {
    const project = projectFor(yaml(...chain, 'lake: {root: data/lake, name: sweep-lake, range: {start: 2024-01-01, end: 2024-12-31}}'));
    expect(project.lake).toEqual({ root: path.join(project.dir, 'data', 'lake'), name: 'sweep-lake', range: { start: '2024-01-01', end: '2024-12-31' } });
  });

  it('reports an unknown format and a partition key the project does not have at file:line:col', () => {
    const text = yaml(
      'name: p',
      'partitions: {region: [US]}',
      'datasets:',
      '  a: {format: parquett}',
      '  b:',
      '    format: csv',
      '    partition_by: [date, desk, region, date]',
      '  c: {partition_by: [date]}',
      'pipelines:',
      '  x: {command: ["true"]}',
    );
    expect(problemsFor(text)).toEqual([
      'tickwork.yaml:4:15: datasets.a.format: unknown format "parquett"; expected one of: parquet, csv, json, dir; did you mean "parquet"?',
      'tickwork.yaml:7:26: datasets.b.partition_by: "desk" is not a partition key of the project; the project\'s partition keys are: date, region (date is the run date)',
      'tickwork.yaml:7:40: datasets.b.partition_by: "date" is listed more than once',
      'tickwork.yaml:8:6: datasets.c.format: missing required key',
    ]);
    expect(loadWithPositions(text, '/tmp/x/tickwork.yaml').ok).toBe(false);
  });

  it('reports a dataset with two producers, naming both, and a reader whose producer is not upstream', () => {
    const text = yaml(
      'name: p',
      'datasets:',
      '  prices: {format: parquet}',
      '  orphan: {format: json}',
      'pipelines:',
      '  load: {command: ["true"], provides: [prices]}',
      '  reload: {command: ["true"], provides: [prices]}',
      '  side: {command: ["true"]}',
      '  score: {command: ["true"], depends_on: [side], requires: [prices, orphan]}',
      '  self: {command: ["true"], depends_on: [load], provides: [orphan], requires: [orphan]}',
    );
    expect(problemsFor(text)).toEqual([
      'tickwork.yaml:7:42: pipelines.reload.provides: dataset "prices" is provided by both load and reload; a dataset has exactly one producer',
      'tickwork.yaml:9:61: pipelines.score.requires: dataset "prices" is produced by load, which is not upstream of score; add load to depends_on (directly or through another pipeline)',
      'tickwork.yaml:9:69: pipelines.score.requires: dataset "orphan" is produced by self, which is not upstream of score; add self to depends_on (directly or through another pipeline)',
      'tickwork.yaml:10:80: pipelines.self.requires: self provides dataset "orphan" itself; a pipeline cannot require its own output',
    ]);
  });

  it('reports a required dataset nobody provides, and accepts a producer two levels up', () => {
    const base = ['name: p', 'datasets: {prices: {format: parquet}, unused: {format: dir}}', 'pipelines:', '  load: {command: ["true"], provides: [prices]}', '  mid: {command: ["true"], depends_on: [load]}'];
    expect(problemsFor(yaml(...base, '  score: {command: ["true"], depends_on: [mid], requires: [prices]}'))).toEqual([]);
    expect(problemsFor(yaml('name: p', 'datasets: {prices: {format: parquet}}', 'pipelines:', '  score: {command: ["true"], requires: [prices]}'))).toEqual([
      'tickwork.yaml:4:41: pipelines.score.requires: dataset "prices" has no producer: no pipeline lists it in provides',
    ]);
  });

  it('reports a bad lake: unknown key, bad name, a range that is not dates or runs backwards', () => {
    const head = ['name: p', 'pipelines:', '  x: {command: ["true"]}'];
    expect(problemsFor(yaml(...head, 'lake:', '  name: a/b', '  size: 3', '  range: {start: 2024-02-30, end: 2024-01-01}'))).toEqual([
      'tickwork.yaml:5:9: lake.name: "a/b" cannot be a folder name; use letters, digits, _, . and - (not starting with a dot)',
      'tickwork.yaml:6:3: lake.size: unknown key; expected one of: root, name, range',
      'tickwork.yaml:7:18: lake.range.start: expected a date as YYYY-MM-DD, got "2024-02-30"',
    ]);
    expect(problemsFor(yaml(...head, 'lake: {range: {start: 2024-02-01, end: 2024-01-01}}'))).toEqual([
      'tickwork.yaml:4:15: lake.range: start 2024-02-01 is after end 2024-01-01',
    ]);
    expect(problemsFor(yaml(...head, 'lake: {range: {start: 2024-02-01}}'))).toEqual(['tickwork.yaml:4:15: lake.range.end: missing required key']);
  });
});
