/**
 * /backfill: the form of a new backfill (kept in the URL, backfill-form.ts)
 * with the daemon's preview of it — how many partitions will run, how many
 * are already done and skipped — the target's partition matrix over the
 * range for context, Start, and the recent backfills.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { BackfillRecord } from '../../../shared/backfill-model.js';
import { useBackfillList, useBackfillPreview, usePartitionMatrix, useProjectGraph, useProjects, useStartBackfill } from '../../api/index.js';
import { StateBadge } from '../../components/state-badge.js';
import { useSettled } from '../../components/use-settled.js';
import { formatDuration, formatTimestamp } from '../../format/run-format.js';
import { matrixGrid } from '../../timeline/partition-matrix.js';
import { backfillFormFromSearch, backfillFormProblems, backfillRequest, searchFromBackfillForm, CALENDAR_CHOICES, MAX_CONCURRENCY, type BackfillForm } from './backfill-form.js';
import { matrixRangeOk } from './matrix-range.js';
import { PartitionMatrixGrid } from './partition-matrix-grid.js';
import { doneCount } from './backfill-progress.js';

/** See the file comment. */
export function BackfillStart() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const form = useMemo(() => backfillFormFromSearch(search), [search]);
  const setForm = (next: BackfillForm): void => {
    const query = searchFromBackfillForm(next);
    navigate(query ? `/backfill?${query}` : '/backfill', { replace: true });
  };
  const projects = useProjects();
  const project = projects.data?.find((p) => p.file === form.project) ?? projects.data?.[0];
  const graph = useProjectGraph(project?.file);
  const problems = backfillFormProblems(form);
  const [tried, setTried] = useState(false);
  const request = useMemo(() => (project ? backfillRequest(form, project.file) : null), [form, project]);
  const debounced = useSettled(request, 250);
  const preview = useBackfillPreview(debounced && { ...debounced });
  const start = useStartBackfill();
  useEffect(() => start.reset(), [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const targets = project ? [...project.jobs, ...project.pipelines] : [];
  const matrixAsk = project && form.target && matrixRangeOk(form.from, form.to) ? { project: project.file, target: form.target, from: form.from, to: form.to } : null;
  const matrix = usePartitionMatrix(matrixAsk);
  const grid = useMemo(() => (matrix.data ? matrixGrid(matrix.data) : null), [matrix.data]);
  const shown = tried ? problems : {};
  const p = preview.data && !preview.isError ? preview.data : null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTried(true);
    if (!request) return; // the fields say what is missing; the daemon checks the rest again
    start.mutate(request, { onSuccess: ({ id }) => navigate(`/backfill/${id}`) });
  };
  const errorOf = (field: keyof typeof problems) =>
    shown[field] ? (
      <span id={`bf-${field}-error`} className="field-error-inline">
        {shown[field]}
      </span>
    ) : null;
  const described = (field: keyof typeof problems, hint?: string) => [shown[field] ? `bf-${field}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <section className="view view-backfill" aria-labelledby="backfill-title">
      <div className="view-head">
        <h1 id="backfill-title">Backfill</h1>
        <span className="view-count">One run per partition of a date range, a few at a time; partitions that already succeeded are skipped.</span>
      </div>
      <div className="launch-layout">
        <form className="launch-form" aria-label="New backfill" noValidate onSubmit={submit}>
          {projects.data && projects.data.length > 1 && (
            <label className="field">
              <span className="field-label">Project</span>
              <select value={project?.file ?? ''} onChange={(e) => setForm({ ...form, project: e.target.value, target: '', partition: {} })}>
                {projects.data.map((item) => (
                  <option key={item.file} value={item.file}>
                    {item.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span className="field-label">Target</span>
            <select value={form.target} aria-invalid={shown.target !== undefined} aria-describedby={described('target')} onChange={(e) => setForm({ ...form, target: e.target.value })}>
              <option value="">Choose a pipeline or job…</option>
              {targets.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            {errorOf('target')}
          </label>
          <div className="field-pair">
            <label className="field">
              <span className="field-label">From</span>
              <input type="date" value={form.from} aria-invalid={shown.from !== undefined} aria-describedby={described('from')} onChange={(e) => setForm({ ...form, from: e.target.value })} />
              {errorOf('from')}
            </label>
            <label className="field">
              <span className="field-label">To</span>
              <input type="date" value={form.to} aria-invalid={shown.to !== undefined} aria-describedby={described('to')} onChange={(e) => setForm({ ...form, to: e.target.value })} />
              {errorOf('to')}
            </label>
          </div>
          <label className="field">
            <span className="field-label">Calendar</span>
            <select value={form.calendar} onChange={(e) => setForm({ ...form, calendar: e.target.value })} aria-describedby="bf-calendar-hint">
              {CALENDAR_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
            <span id="bf-calendar-hint" className="field-hint">
              {p ? (p.calendar ? `${p.calendar} trading days: ${p.dates.toLocaleString()} dates` : `every calendar day: ${p.dates.toLocaleString()} dates`) : 'Which dates of the range run'}
            </span>
          </label>
          {graph.data &&
            Object.entries(graph.data.partitions).map(([key, values]) => (
              <fieldset key={key} className="fieldset">
                <legend className="field-label">Partition: {key}</legend>
                <div className="choice-row">
                  <label className="choice">
                    <input type="radio" name={`bf-${key}`} checked={form.partition[key] === undefined} onChange={() => setForm({ ...form, partition: without(form.partition, key) })} />
                    <span>All</span>
                  </label>
                  {values.map((value) => (
                    <label key={value} className="choice">
                      <input type="radio" name={`bf-${key}`} checked={form.partition[key] === value} onChange={() => setForm({ ...form, partition: { ...form.partition, [key]: value } })} />
                      <span>{value}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          <div className="field-pair">
            <label className="field">
              <span className="field-label">Concurrency</span>
              <input
                type="number"
                min={1}
                max={MAX_CONCURRENCY}
                value={Number.isFinite(form.concurrency) ? form.concurrency : ''}
                aria-invalid={shown.concurrency !== undefined}
                aria-describedby={described('concurrency', 'bf-concurrency-hint')}
                onChange={(e) => setForm({ ...form, concurrency: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
              />
              {errorOf('concurrency') ?? (
                <span id="bf-concurrency-hint" className="field-hint">
                  runs at once
                </span>
              )}
            </label>
            <label className="choice choice-newest">
              <input type="checkbox" checked={form.newestFirst} onChange={(e) => setForm({ ...form, newestFirst: e.target.checked })} />
              <span>Newest first</span>
            </label>
          </div>
          <div className="preview-box" aria-live="polite">
            {preview.isError ? (
              <p className="form-error" role="alert">
                {(preview.error as Error).message}
              </p>
            ) : p ? (
              <p className="preview-count">
                <strong>{p.toRun.toLocaleString()}</strong> of {p.total.toLocaleString()} partition{p.total === 1 ? '' : 's'} will run
                {p.alreadyDone > 0 && <>, {p.alreadyDone.toLocaleString()} already done (skipped)</>}
                {p.inFlight > 0 && <>, {p.inFlight.toLocaleString()} in flight (followed)</>}
              </p>
            ) : (
              <p className="field-hint">{request ? 'Counting partitions…' : 'Choose a target and a date range to see how many partitions will run.'}</p>
            )}
          </div>
          <div className="launch-actions">
            <button type="submit" className="button button-primary" disabled={start.isPending}>
              {start.isPending ? 'Starting…' : p ? `Start backfill of ${p.toRun.toLocaleString()} partition${p.toRun === 1 ? '' : 's'}` : 'Start backfill'}
            </button>
          </div>
          {start.isError && (
            <p className="form-error" role="alert">
              Could not start: {(start.error as Error).message}
            </p>
          )}
        </form>
        <div className="launch-side">
          {grid && (
            <section className="matrix-section" aria-labelledby="context-matrix-title">
              <div className="section-head">
                <h2 id="context-matrix-title">Partitions of {form.target}</h2>
                <span className="view-count">
                  {form.from} → {form.to}: the latest run of each
                </span>
              </div>
              <PartitionMatrixGrid grid={grid} label={`Partitions of ${form.target}, ${form.from} to ${form.to}`} maxRows={14} />
            </section>
          )}
          <RecentBackfills />
        </div>
      </div>
    </section>
  );
}

/** The newest backfills with their progress, each a link to its page. */
function RecentBackfills() {
  const list = useBackfillList();
  const rows = list.data ?? [];
  return (
    <section className="recent-backfills" aria-labelledby="recent-title">
      <div className="section-head">
        <h2 id="recent-title">Recent backfills</h2>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{list.isPending ? 'Loading…' : 'No backfill yet.'}</p>
      ) : (
        <table className="data-table" aria-label="Recent backfills">
          <thead>
            <tr>
              <th scope="col">Backfill</th>
              <th scope="col">State</th>
              <th scope="col">Target</th>
              <th scope="col">Range</th>
              <th scope="col" className="num">
                Done
              </th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <RecentRow key={b.id} backfill={b} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecentRow({ backfill: b }: { readonly backfill: BackfillRecord }) {
  return (
    <tr>
      <th scope="row">
        <Link href={`/backfill/${b.id}`} className="run-link">
          Backfill {b.id}
        </Link>
      </th>
      <td>
        <StateBadge state={b.state} />
      </td>
      <td className="mono">{b.target}</td>
      <td className="mono">
        {b.from} → {b.to}
      </td>
      <td className="num mono">
        {doneCount(b.counts).toLocaleString()}/{b.counts.total.toLocaleString()}
        {b.state === 'running' && b.etaMs !== null ? ` · ${formatDuration(b.etaMs)} left` : ''}
      </td>
      <td className="mono">{formatTimestamp(b.createdAt)}</td>
    </tr>
  );
}

function without(partition: Readonly<Record<string, string>>, key: string): Record<string, string> {
  const next = { ...partition };
  delete next[key];
  return next;
}
