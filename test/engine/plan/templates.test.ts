import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError, templateRefs, type TemplateContext } from '../../../electron/engine/plan/index.js';

const ctx: TemplateContext = {
  date: '2024-03-01',
  runId: 'r42',
  pipeline: 'prices',
  attempt: 2,
  partition: { region: 'EU' },
  params: { window: '30' },
};

describe('renderTemplate', () => {
  it('fills every kind of variable, with or without spaces inside the braces', () => {
    expect(
      renderTemplate('{{date}} {{ run_id }} {{  pipeline }} {{attempt }} {{ partition.region }} {{ params.window }}', ctx),
    ).toBe('2024-03-01 r42 prices 2 EU 30');
  });

  it('uses the run date for partition.date when the run has no explicit date partition', () => {
    expect(renderTemplate('{{ partition.date }}', ctx)).toBe('2024-03-01');
  });

  it('leaves text without templates untouched', () => {
    expect(renderTemplate('echo ${HOME} { not } {{{', ctx)).toBe('echo ${HOME} { not } {{{');
  });

  it('throws a TemplateError telling the user how to supply a missing param', () => {
    expect(() => renderTemplate('--window {{ params.days }}', ctx)).toThrow(
      new TemplateError('params.days', '{{ params.days }} has no value: pass --param days=… or set params.days in tickwork.yaml'),
    );
    try {
      renderTemplate('{{ params.days }}', ctx);
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).ref).toBe('params.days');
    }
  });

  it('throws for missing partitions and unknown variables', () => {
    expect(() => renderTemplate('{{ partition.desk }}', ctx)).toThrow('{{ partition.desk }} has no value: this run has no "desk" partition');
    expect(() => renderTemplate('{{ today }}', ctx)).toThrow(
      '{{ today }} is not a template variable: use date, run_id, pipeline, attempt, partition.<key>, params.<key> or upstream.<pipeline>.date',
    );
  });

  it("fills upstream.<pipeline>.date from the task's upstream dates, else with the run's date", () => {
    expect(renderTemplate('{{ upstream.data.date }} {{ upstream.fx.rates.date }}', { ...ctx, upstream: { data: '2024-02-29' } })).toBe('2024-02-29 2024-03-01');
    expect(renderTemplate('{{ upstream.data.date }}', ctx)).toBe('2024-03-01');
    expect(() => renderTemplate('{{ upstream.data.run }}', ctx)).toThrow('{{ upstream.data.run }} is not a template variable');
  });
});

describe('templateRefs', () => {
  it('lists referenced variable paths in order of appearance', () => {
    expect(templateRefs('a {{ date }} b {{params.window}} {{ partition.region }} {{ date }}')).toEqual([
      'date',
      'params.window',
      'partition.region',
      'date',
    ]);
  });

  it('returns an empty list for plain text', () => {
    expect(templateRefs('echo hello')).toEqual([]);
  });
});
