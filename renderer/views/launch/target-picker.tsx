/**
 * The Launch form's targets: every job and pipeline of the project as a
 * checkbox (jobs first, as `tickwork run` lists them), with a filter once
 * the list is long. Its error, when nothing is picked, is tied to the group.
 */
import { useState, type RefObject } from 'react';

/** The picker's props. */
export interface TargetPickerProps {
  readonly jobs: readonly string[];
  readonly pipelines: readonly string[];
  readonly chosen: readonly string[];
  readonly onChange: (targets: string[]) => void;
  readonly error: string | null;
  /** The first checkbox, focused when the form is sent without a target. */
  readonly firstRef: RefObject<HTMLInputElement | null>;
}

/** Past this many targets the list gets a filter. */
const FILTER_FROM = 10;

/** See the file comment. */
export function TargetPicker({ jobs, pipelines, chosen, onChange, error, firstRef }: TargetPickerProps) {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = (names: readonly string[]) => names.filter((name) => !needle || name.toLowerCase().includes(needle) || chosen.includes(name));
  const groups = [
    { label: 'Jobs', names: shown(jobs) },
    { label: 'Pipelines', names: shown(pipelines) },
  ].filter((group) => group.names.length > 0);
  let first = true;
  const toggle = (name: string, on: boolean): void => onChange(on ? [...chosen, name] : chosen.filter((n) => n !== name));
  return (
    <fieldset className="fieldset" aria-describedby={error ? 'targets-error' : 'targets-hint'}>
      <legend className="field-label">Targets</legend>
      {jobs.length + pipelines.length >= FILTER_FROM && (
        <input type="search" className="target-filter" aria-label="Filter targets" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      )}
      <div className="target-list">
        {groups.map((group) => (
          <div key={group.label} role="group" aria-label={group.label} className="target-group">
            <span className="target-group-label" aria-hidden="true">
              {group.label}
            </span>
            {group.names.map((name) => {
              const ref = first ? firstRef : undefined;
              first = false;
              return (
                <label key={name} className="choice">
                  <input ref={ref} type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
                  <span className="mono">{name}</span>
                </label>
              );
            })}
          </div>
        ))}
      </div>
      {error ? (
        <span id="targets-error" className="field-error-inline" role="alert">
          {error}
        </span>
      ) : (
        <span id="targets-hint" className="field-hint">
          {chosen.length === 0 ? 'None picked' : `${chosen.length} picked: ${chosen.join(', ')}`}
        </span>
      )}
    </fieldset>
  );
}
