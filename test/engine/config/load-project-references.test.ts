import { describe, expect, it } from 'vitest';
import { problemsFor, projectFor, yaml } from './project-fixture.js';

describe('loadProject cross-references between pipelines and jobs', () => {
  it('suggests the closest pipeline for an unknown depends_on entry', () => {
    expect(
      problemsFor(yaml('name: p', 'pipelines:', '  load_prices:', '    command: echo', '  report:', '    command: echo', '    depends_on: [load_price, nothing_like_it]')),
    ).toEqual([
      'tickwork.yaml:7:18: pipelines.report.depends_on: unknown pipeline "load_price"; did you mean "load_prices"?',
      'tickwork.yaml:7:30: pipelines.report.depends_on: unknown pipeline "nothing_like_it"; pipelines: load_prices, report',
    ]);
  });

  it('rejects a pipeline that depends on itself', () => {
    expect(problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: echo', '    depends_on:', '      - a'))).toEqual([
      'tickwork.yaml:6:9: pipelines.a.depends_on: a pipeline cannot depend on itself ("a")',
    ]);
  });

  it('reports a requirement no upstream provides, listing what the upstreams do provide', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pipelines:',
          '  fx:',
          '    command: echo',
          '    provides: [fx_rates]',
          '  prices:',
          '    command: echo',
          '    depends_on: [fx]',
          '  report:',
          '    command: echo',
          '    depends_on: [prices]',
          '    requires: [fx_rate, universe]',
          '  lonely:',
          '    command: echo',
          '    requires: [universe]',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:12:16: pipelines.report.requires: "fx_rate" is not provided by any upstream pipeline (upstream pipelines: fx provides fx_rates; prices provides nothing); did you mean "fx_rates"?',
      'tickwork.yaml:12:25: pipelines.report.requires: "universe" is not provided by any upstream pipeline (upstream pipelines: fx provides fx_rates; prices provides nothing)',
      'tickwork.yaml:15:16: pipelines.lonely.requires: "universe" is not provided by any upstream pipeline (lonely has no upstream pipelines; add one to depends_on)',
    ]);
  });

  it('accepts a requirement provided by a transitive upstream', () => {
    const project = projectFor(
      yaml(
        'name: p',
        'pipelines:',
        '  fx: {command: echo, provides: [fx_rates]}',
        '  prices: {command: echo, depends_on: [fx]}',
        '  report: {command: echo, depends_on: [prices], requires: [fx_rates]}',
      ),
    );
    expect(project.pipelines.get('report')?.requires).toEqual(['fx_rates']);
  });

  it('reports jobs naming unknown pipelines and jobs whose name clashes with a pipeline', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pipelines:',
          '  daily: {command: echo}',
          '  weekly: {command: echo}',
          'jobs:',
          '  daily:',
          '    pipelines: [weekly]',
          '  full:',
          '    pipelines: [daily, weekli]',
          '  none:',
          '    pipelines: []',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:6:3: jobs.daily: job name clashes with pipeline "daily"; jobs and pipelines share one namespace, so rename one',
      'tickwork.yaml:9:24: jobs.full.pipelines: unknown pipeline "weekli"; did you mean "weekly"?',
      'tickwork.yaml:11:16: jobs.none.pipelines: expected at least one pipeline',
    ]);
  });

  it('reports each cycle once, starting from its alphabetically first member', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'pipelines:',
          '  c:',
          '    command: echo',
          '    depends_on: [a]',
          '  b:',
          '    command: echo',
          '    depends_on: [c]',
          '  a:',
          '    command: echo',
          '    depends_on: [b]',
          '  y:',
          '    command: echo',
          '    depends_on: [x]',
          '  x:',
          '    command: echo',
          '    depends_on: [c, y]',
        ),
      ),
    ).toEqual([
      'tickwork.yaml:11:18: pipelines.a.depends_on: cycle: a -> b -> c -> a',
      'tickwork.yaml:17:21: pipelines.x.depends_on: cycle: x -> y -> x',
    ]);
  });
});
