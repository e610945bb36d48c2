/**
 * /launch: trigger runs by hand. The form lives in the URL (launch-form.ts),
 * so `/launch?target=metrics&date=2025-02-03&region=EU` opens it filled in.
 * The plan is previewed as the form changes (runs.preview: order, pools,
 * commands, cached tasks; one block per partition), and Start creates
 * exactly that (runs.trigger), then lists the new runs, live.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiCallError, useProjectGraph, useProjects, useRun, useRunPreviews, useTriggerRuns } from '../../api/index.js';
import { StateBadge } from '../../components/state-badge.js';
import { useSettled } from '../../components/use-settled.js';
import { partitionText } from '../../format/run-format.js';
import { plural } from '../../../shared/plural.js';
import { allowedPartitionValues, formFromSearch, searchFromForm, setParam, togglePartition, triggerRequests, SELECTIONS, type LaunchForm } from './launch-form.js';
import { TargetPicker } from './target-picker.js';
import { TradingDatePicker, safeParse } from './trading-date-picker.js';
import { PlanPreview } from './plan-preview.js';
import './launch.css';

/** See the file comment. */
export function LaunchView() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const form = useMemo(() => formFromSearch(search), [search]);
  const setForm = (next: LaunchForm): void => navigate(`/launch${searchFromForm(next) ? `?${searchFromForm(next)}` : ''}`, { replace: true });
  const projects = useProjects();
  const project = projects.data?.find((p) => p.file === form.project) ?? projects.data?.[0];
  const graph = useProjectGraph(project?.file);
  const [tried, setTried] = useState(false);
  const trigger = useTriggerRuns();
  const [created, setCreated] = useState<readonly number[]>([]);
  const firstTarget = useRef<HTMLInputElement>(null);

  const dateError = form.date !== '' && !safeParse(form.date) ? 'Write the date as YYYY-MM-DD, or leave it empty for today' : null;
  const targetError = form.targets.length === 0 ? 'Pick at least one pipeline or job' : null;
  const requests = useMemo(() => (project ? triggerRequests(form, project.file) : []), [form, project]);
  // Typing in a param or the date asks for a new plan after a pause, not per keystroke.
  const debounced = useSettled(requests, 250);
  const previews = useRunPreviews(debounced, targetError === null && dateError === null);
  const allowed = graph.data ? allowedPartitionValues(graph.data, form.targets) : {};
  const runCount = previews.data?.length ?? 0;

  useEffect(() => trigger.reset(), [search]); // eslint-disable-line react-hooks/exhaustive-deps -- a changed form clears the last answer

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTried(true);
    if (targetError) {
      firstTarget.current?.focus();
      return;
    }
    if (dateError) return; // the daemon plans the request again: Start never waits on the preview
    trigger.mutate(requests, { onSuccess: (ids) => setCreated(ids) });
  };

  return (
    <section className="view view-launch" aria-labelledby="launch-title">
      <div className="view-head">
        <h1 id="launch-title">Launch</h1>
        <span className="view-count">Trigger runs by hand: pick what, for which partitions, and check the plan before it starts.</span>
      </div>
      <div className="launch-layout">
        <form className="launch-form" aria-label="Launch runs" noValidate onSubmit={submit}>
          {projects.data && projects.data.length > 1 && (
            <label className="field">
              <span className="field-label">Project</span>
              <select value={project?.file ?? ''} onChange={(e) => setForm({ ...form, project: e.target.value, targets: [], partitions: {}, params: {} })}>
                {projects.data.map((p) => (
                  <option key={p.file} value={p.file}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <TargetPicker
            jobs={project?.jobs ?? []}
            pipelines={project?.pipelines ?? []}
            chosen={form.targets}
            onChange={(targets) => setForm({ ...form, targets })}
            error={tried ? targetError : null}
            firstRef={firstTarget}
          />
          <fieldset className="fieldset">
            <legend className="field-label">Selection</legend>
            {SELECTIONS.map((choice) => (
              <label key={choice.value} className="choice">
                <input type="radio" name="selection" value={choice.value} checked={form.selection === choice.value} onChange={() => setForm({ ...form, selection: choice.value })} />
                <span>
                  {choice.label} <span className="choice-words mono">{choice.words}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="choice-force">
            <label className="choice">
              <input type="checkbox" checked={form.force} onChange={(e) => setForm({ ...form, force: e.target.checked })} aria-describedby="force-hint" />
              <span>Force</span>
            </label>
            <span id="force-hint" className="field-hint">
              run every selected task; reuse no cached result
            </span>
          </div>
          <TradingDatePicker id="launch-date" value={form.date} onChange={(date) => setForm({ ...form, date })} error={dateError} />
          {Object.entries(allowed).map(([key, values]) => (
            <fieldset key={key} className="fieldset" aria-describedby={`partition-${key}-hint`}>
              <legend className="field-label">Partition: {key}</legend>
              <div className="choice-row">
                {values.map((value) => (
                  <label key={value} className="choice">
                    <input type="checkbox" checked={form.partitions[key]?.includes(value) ?? false} onChange={(e) => setForm(togglePartition(form, key, value, e.target.checked))} />
                    <span>{value}</span>
                  </label>
                ))}
              </div>
              <span id={`partition-${key}-hint`} className="field-hint">
                {(form.partitions[key]?.length ?? 0) === 0 ? `None checked: every ${key} the targets run for` : `${form.partitions[key]!.length} checked`}
              </span>
            </fieldset>
          ))}
          {graph.data && Object.keys(graph.data.params).length > 0 && (
            <fieldset className="fieldset">
              <legend className="field-label">Params</legend>
              {Object.entries(graph.data.params).map(([name, defaultValue]) => (
                <div key={name} className="param-field">
                  <label className="mono param-name" htmlFor={`param-${name}`}>
                    {name}
                  </label>
                  <input
                    id={`param-${name}`}
                    type="text"
                    value={form.params[name] ?? (defaultValue === '***' ? '' : defaultValue)}
                    placeholder={defaultValue === '***' ? 'secret: its default is kept' : undefined}
                    aria-describedby={`param-${name}-hint`}
                    onChange={(e) => setForm(setParam(form, name, e.target.value, defaultValue === '***' ? '' : defaultValue))}
                  />
                  <span id={`param-${name}-hint`} className="field-hint">
                    default {defaultValue === '***' ? '(secret)' : <span className="mono">{defaultValue || '""'}</span>}
                  </span>
                </div>
              ))}
            </fieldset>
          )}
          <div className="launch-actions">
            <button type="submit" className="button button-primary" disabled={trigger.isPending}>
              {trigger.isPending ? 'Starting…' : runCount > 1 ? `Start ${runCount} runs` : 'Start run'}
            </button>
            {tried && !previews.data && previews.isFetching && <span className="field-hint">Planning…</span>}
          </div>
          {trigger.isError && (
            <p className="form-error" role="alert">
              Could not start: {(trigger.error as Error).message}
            </p>
          )}
        </form>
        <div className="launch-side">
          {created.length > 0 && <CreatedRuns ids={created} />}
          <section className="launch-plan" aria-labelledby="plan-title" aria-busy={previews.isFetching}>
            <div className="section-head">
              <h2 id="plan-title">Plan</h2>
              <span className="view-count" aria-live="polite">
                {targetError ? '' : previews.data ? `${plural(runCount, 'run')} · ${plural(previews.data.reduce((n, r) => n + r.toRun, 0), 'task')} to run, ${previews.data.reduce((n, r) => n + r.toReuse, 0)} cached` : previews.isFetching ? 'Planning…' : ''}
              </span>
            </div>
            {targetError ? (
              <p className="empty">Pick a pipeline or job to see what would run.</p>
            ) : dateError ? (
              <p className="empty">Fix the date to see the plan.</p>
            ) : previews.isError ? (
              <p className="form-error" role="alert">
                {previews.error instanceof ApiCallError ? previews.error.message : `Could not plan: ${(previews.error as Error).message}`}
              </p>
            ) : previews.data ? (
              <PlanPreview runs={previews.data} />
            ) : (
              <p className="empty">Planning…</p>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}

/** The runs Start created, each with its live state and a link to it. */
function CreatedRuns({ ids }: { readonly ids: readonly number[] }) {
  return (
    <section className="created-runs" aria-labelledby="created-title">
      <div className="section-head">
        <h2 id="created-title">Started</h2>
        <span className="view-count">
          {plural(ids.length, 'run')} · <Link href="/runs">all runs</Link>
        </span>
      </div>
      <ul className="created-list">
        {ids.map((id) => (
          <CreatedRun key={id} id={id} />
        ))}
      </ul>
    </section>
  );
}

function CreatedRun({ id }: { readonly id: number }) {
  const run = useRun(id);
  return (
    <li className="created-item">
      <Link href={`/runs/${id}`} className="run-link">
        Run {id}
      </Link>
      <span className="mono">{run.data ? partitionText(run.data.run.partition) : ''}</span>
      {run.data && <StateBadge state={run.data.run.state} />}
    </li>
  );
}
