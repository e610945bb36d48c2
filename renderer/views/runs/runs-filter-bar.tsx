/** The Runs view's filter form: pipeline, state, trigger, partition dates, partition values and text; every change goes to the URL. */
import { useEffect, useState } from 'react';
import type { RunListFilters } from '../../../shared/api-contract.js';
import { RUN_STATES, type RunState } from '../../../shared/state-machines.js';
import type { RunTrigger } from '../../../shared/run-model.js';
import { useProjects } from '../../api/index.js';
import { RUN_TRIGGERS, parsePartitionText, partitionFilterText } from './run-filters.js';

/** See the file comment. */
export function RunsFilterBar({ filters, onChange }: { readonly filters: RunListFilters; readonly onChange: (next: RunListFilters) => void }) {
  const projects = useProjects();
  const pipelines = [...new Set((projects.data ?? []).flatMap((p) => [...p.pipelines, ...p.jobs]))].sort();
  // Typed text is applied after a pause, not per keystroke.
  const [text, setText] = useState(filters.text ?? '');
  const [partition, setPartition] = useState(partitionFilterText(filters.partition));
  const partitionValid = parsePartitionText(partition) !== null;
  useEffect(() => setText(filters.text ?? ''), [filters.text]);
  useEffect(() => setPartition(partitionFilterText(filters.partition)), [filters.partition]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const parsed = parsePartitionText(partition);
      const sameText = (filters.text ?? '') === text.trim();
      const samePartition = partitionFilterText(filters.partition) === partitionFilterText(parsed ?? undefined);
      if ((sameText && samePartition) || parsed === null) return;
      onChange(withValue(withValue(filters, 'text', text.trim()), 'partition', parsed && Object.keys(parsed).length ? parsed : undefined));
    }, 250);
    return () => clearTimeout(timer);
  }, [text, partition]); // eslint-disable-line react-hooks/exhaustive-deps -- only typed input restarts the pause
  const active = Object.keys(filters).some((k) => k !== 'project');
  return (
    <form className="filter-bar" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span className="field-label">Pipeline</span>
        <select value={filters.pipeline ?? ''} onChange={(e) => onChange(withValue(filters, 'pipeline', e.target.value))}>
          <option value="">Any</option>
          {pipelines.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">State</span>
        <select value={filters.state ?? ''} onChange={(e) => onChange(withValue(filters, 'state', e.target.value as RunState | ''))}>
          <option value="">Any</option>
          {RUN_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Trigger</span>
        <select value={filters.trigger ?? ''} onChange={(e) => onChange(withValue(filters, 'trigger', e.target.value as RunTrigger | ''))}>
          <option value="">Any</option>
          {RUN_TRIGGERS.map((trigger) => (
            <option key={trigger} value={trigger}>
              {trigger}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Date from</span>
        <input type="date" value={filters.from ?? ''} onChange={(e) => onChange(withValue(filters, 'from', e.target.value))} />
      </label>
      <label className="field">
        <span className="field-label">Date to</span>
        <input type="date" value={filters.to ?? ''} onChange={(e) => onChange(withValue(filters, 'to', e.target.value))} />
      </label>
      <label className="field field-wide">
        <span className="field-label">Partition</span>
        <input
          type="text"
          placeholder="region=eu"
          value={partition}
          aria-invalid={!partitionValid}
          aria-describedby={partitionValid ? undefined : 'partition-error'}
          onChange={(e) => setPartition(e.target.value)}
        />
        {!partitionValid && (
          <span id="partition-error" className="field-error">
            Write key=value, separated by commas
          </span>
        )}
      </label>
      <label className="field field-grow">
        <span className="field-label">Search</span>
        <input type="search" placeholder="Targets, params, reason or #id" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" className="button" disabled={!active} onClick={() => onChange(filters.project ? { project: filters.project } : {})}>
        Clear filters
      </button>
    </form>
  );
}

/** `filters` with `key` set to `value`, or without it when the value is empty. */
function withValue<K extends keyof RunListFilters>(filters: RunListFilters, key: K, value: RunListFilters[K] | '' | undefined): RunListFilters {
  const next = { ...filters } as Record<string, unknown>;
  if (value === '' || value === undefined) delete next[key];
  else next[key] = value;
  return next as RunListFilters;
}
