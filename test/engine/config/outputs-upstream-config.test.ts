import { describe, expect, it } from 'vitest';
import { loadWithPositions } from '../../../electron/engine/config/load-project.js';
import { problemsFor, projectFor, yaml } from './project-fixture.js';

describe('outputs: in tickwork.yaml', () => {
  it('reads declared outputs as written, templates and all', () => {
    const project = projectFor(
      yaml(
        'name: p',
        'partitions: {region: [US, EU]}',
        'pipelines:',
        '  data:',
        '    command: ["true"]',
        '    outputs: ["data/{{ date }}/{{ partition.region }}/*.csv", /abs/**/done]',
      ),
    );
    expect(project.pipelines.get('data')!.outputs).toEqual(['data/{{ date }}/{{ partition.region }}/*.csv', '/abs/**/done']);
  });

  it('reports a wrong type, an unknown template variable and a half ** at file:line:col', () => {
    expect(problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: ["true"]', '    outputs: out.csv'))).toEqual([
      'tickwork.yaml:5:14: pipelines.a.outputs: expected a list of file globs, got "out.csv"',
    ]);
    expect(problemsFor(yaml('name: p', 'pipelines:', '  a:', '    command: ["true"]', '    outputs:', '      - "ok/*.csv"', '      - "out/{{ partition.desk }}/x"', '      - "a**/b"'))).toEqual([
      'tickwork.yaml:7:9: pipelines.a.outputs: unknown partition key "desk" in {{ partition.desk }}; partition keys: date',
      'tickwork.yaml:8:9: pipelines.a.outputs: "**" must be a whole path segment (as in "data/**/*.csv"), got "a**/b"',
    ]);
  });
});

describe('{{ upstream.<pipeline>.date }} in tickwork.yaml', () => {
  const base = ['name: p', 'pipelines:', '  data: {command: ["true"]}', '  fx.rates: {command: ["true"]}'];

  it("is accepted in a pipeline's command, env, cwd, wait_for and outputs when it names one of its depends_on", () => {
    const text = yaml(
      ...base,
      '  metrics:',
      '    depends_on: [data, fx.rates]',
      '    command: ["echo", "{{ upstream.data.date }}", "{{ upstream.fx.rates.date }}"]',
      '    env: {D: "{{ upstream.data.date }}"}',
      '    cwd: "out/{{ upstream.data.date }}"',
      '    wait_for: {file: "in/{{ upstream.data.date }}.csv"}',
      '    outputs: ["m/{{ upstream.data.date }}/*"]',
    );
    expect(problemsFor(text)).toEqual([]);
    expect(loadWithPositions(text, '/tmp/x/tickwork.yaml').ok).toBe(true); // the positional path agrees
  });

  it('reports a name that is not an upstream, a missing field and use in defaults, with file:line:col', () => {
    expect(
      problemsFor(
        yaml(
          'name: p',
          'defaults: {env: {D: "{{ upstream.data.date }}"}}',
          'pipelines:',
          '  data: {command: ["echo", "{{ upstream.data.date }}"]}',
          '  metrics:',
          '    depends_on: [data]',
          '    command: ["echo", "{{ upstream.dta.date }}", "{{ upstream.data }}", "{{ upstream.data.run }}"]',
        ),
      ),
    ).toEqual([
      `tickwork.yaml:2:21: defaults.env.D: {{ upstream.data.date }} can be used only in a pipeline's own settings, not in defaults: each pipeline has its own upstream`,
      'tickwork.yaml:4:28: pipelines.data.command: {{ upstream.data.date }}: "data" is not an upstream of this pipeline (it has no depends_on)',
      'tickwork.yaml:7:23: pipelines.metrics.command: {{ upstream.dta.date }}: "dta" is not an upstream of this pipeline; did you mean "data"?',
      'tickwork.yaml:7:50: pipelines.metrics.command: {{ upstream.data }} needs one of the fields date, e.g. {{ upstream.data.date }}',
      'tickwork.yaml:7:73: pipelines.metrics.command: {{ upstream.data.run }} needs one of the fields date, e.g. {{ upstream.data.date }}',
    ]);
  });
});
