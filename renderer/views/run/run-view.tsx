/**
 * /runs/:id (and /runs/:id/tasks/:task): a run's header, its actions
 * (cancel, the re-runs), its Gantt, DAG and journal in tabs (?tab=), and its
 * live task table, whose checkboxes pick the tasks to re-run.
 */
import { lazy, Suspense, useCallback, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { Link, useLocation, useSearchParams } from 'wouter';
import { Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import { ApiCallError, useRun, useRunAttempts, useRunEvents } from '../../api/index.js';
import { StateBadge } from '../../components/state-badge.js';
import { useNow } from '../../components/use-now.js';
import { elapsedMs, formatDuration, paramsText, partitionText } from '../../format/run-format.js';
import { timestampIn } from '../../format/zone-format.js';
import { useTimeZone } from '../../components/use-time-zone.js';
import { TaskTable, type TaskSelection } from './task-table.js';
import { RunActions } from './run-actions.js';
import { GanttSection } from './gantt-section.js';
import { RunEvents } from './run-events.js';
import './run-detail.css';

// @xyflow/react and elkjs load only when the Graph tab opens (their own chunk).
const RunDag = lazy(() => import('./dag/run-dag.js'));

const TABS = ['gantt', 'graph', 'events'] as const;
const NO_TASKS: readonly TaskRunRecord[] = [];

/** See the file comment. */
export function RunView({ id, task }: { readonly id: number; readonly task: string | null }) {
  const query = useRun(id);
  const attempts = useRunAttempts(id);
  // The journal and the re-run previews wait for the Gantt's data: one daemon answers all of them, the chart comes first.
  const chartLoaded = attempts.isSuccess || attempts.isError;
  const events = useRunEvents(id, chartLoaded);
  const run = query.data?.run;
  const now = useNow(run?.state === 'running' || run?.state === 'queued');
  const [, navigate] = useLocation();
  const { zone } = useTimeZone();
  const at = (ms: number | null) => (ms === null ? '—' : timestampIn(ms, zone));
  const [search, setSearch] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? search.get('tab')! : 'gantt';
  const onTab = useCallback((key: Key) => setSearch((prev) => {
    const next = new URLSearchParams(prev);
    if (key === 'gantt') next.delete('tab');
    else next.set('tab', String(key));
    return next;
  }, { replace: true }), [setSearch]);
  const [picked, setPicked] = useState<{ readonly run: number; readonly names: ReadonlySet<string> }>({ run: id, names: new Set() });
  const names = picked.run === id ? picked.names : new Set<string>();
  const allTasks = query.data?.tasks;
  // The task table (a DOM row per task) renders after the header and the Gantt, in the background: a 1000-task run's chart paints first.
  const tableTasks = useDeferredValue(allTasks ?? NO_TASKS, NO_TASKS);
  const selection = useMemo<TaskSelection>(() => ({
    selected: names,
    toggle: (pipeline) => setPicked((prev) => {
      const next = new Set(prev.run === id ? prev.names : []);
      if (next.has(pipeline)) next.delete(pipeline);
      else next.add(pipeline);
      return { run: id, names: next };
    }),
    setAll: (on) => setPicked({ run: id, names: new Set(on ? (allTasks ?? []).map((t) => t.pipeline) : []) }),
  }), [names, id, allTasks]);
  const logHref = useCallback((pipeline: string, attempt?: number | null) => `/runs/${id}/tasks/${encodeURIComponent(pipeline)}${attempt ? `?attempt=${attempt}` : ''}`, [id]);
  const origin = events.data?.events.find((e) => e.kind === 'run' && e.to === 'queued')?.data;
  const rerunOf = typeof origin?.rerunOf === 'number' ? origin.rerunOf : null;
  if (query.isError) {
    const notFound = query.error instanceof ApiCallError && query.error.status === 404;
    return (
      <section className="view" aria-labelledby="run-title">
        <Breadcrumb id={id} />
        <h1 id="run-title">Run {id}</h1>
        <p className="empty" role="alert">
          {notFound ? `There is no run ${id}.` : `Could not load run ${id}: ${(query.error as Error).message}`}
        </p>
      </section>
    );
  }
  if (!query.data || !run) {
    return (
      <section className="view" aria-labelledby="run-title" aria-busy="true">
        <Breadcrumb id={id} />
        <h1 id="run-title">Run {id}</h1>
        <p className="empty">Loading…</p>
      </section>
    );
  }
  const { tasks } = query.data;
  const ordered = [...tasks].sort((a, b) => a.topoIndex - b.topoIndex || a.id - b.id);
  const selected = ordered.filter((t) => names.has(t.pipeline)).map((t) => t.pipeline);
  const done = tasks.filter((t) => ['succeeded', 'cached', 'skipped'].includes(t.state)).length;
  return (
    <section className="view view-run" aria-labelledby="run-title">
      <Breadcrumb id={id} />
      <div className="view-head">
        <h1 id="run-title">
          Run {run.id} <span className="title-sub">{run.targets.join(', ')}</span>
        </h1>
        <StateBadge state={run.state} />
      </div>
      <RunActions run={run} selected={selected} asking={chartLoaded} onCreated={(newId) => navigate(`/runs/${newId}`)} />
      <dl className="facts" aria-label="Run details">
        <Fact term="Targets">{run.targets.join(', ')}</Fact>
        <Fact term="Partition" mono>
          {partitionText(run.partition)}
        </Fact>
        <Fact term="Params" mono>
          {paramsText(run.params)}
        </Fact>
        <Fact term="Trigger">
          {run.trigger}
          {rerunOf !== null && (
            <>
              {' · '}
              <Link href={`/runs/${rerunOf}`}>{String(origin?.reason ?? `rerun of run ${rerunOf}`)}</Link>
            </>
          )}
        </Fact>
        <Fact term="Duration" mono>
          {formatDuration(elapsedMs(run.startedAt, run.finishedAt, now))}
        </Fact>
        <Fact term="Created" mono>
          {at(run.createdAt)}
        </Fact>
        <Fact term="Started" mono>
          {at(run.startedAt)}
        </Fact>
        <Fact term="Finished" mono>
          {at(run.finishedAt)}
        </Fact>
        <Fact term="Selection">{run.selection.replace('_', ' ') + (run.force ? ', forced' : '')}</Fact>
        <Fact term="Project">{run.project}</Fact>
        {run.reason && <Fact term="Reason">{run.reason}</Fact>}
      </dl>
      <Tabs selectedKey={tab} onSelectionChange={onTab} className="run-tabs">
        <TabList aria-label="Run views" className="tab-list">
          <Tab id="gantt" className="tab">Gantt</Tab>
          <Tab id="graph" className="tab">Graph</Tab>
          <Tab id="events" className="tab">Events</Tab>
        </TabList>
        <TabPanel id="gantt" className="tab-panel">
          <GanttSection run={run} tasks={tasks} attempts={attempts.data} now={now} zone={zone} onOpen={(pipeline, attempt) => navigate(logHref(pipeline, attempt))} />
        </TabPanel>
        <TabPanel id="graph" className="tab-panel">
          <Suspense fallback={<p className="empty">Loading the graph…</p>}>
            <RunDag runId={run.id} tasks={tasks} />
          </Suspense>
        </TabPanel>
        <TabPanel id="events" className="tab-panel">
          <RunEvents runId={run.id} tasks={tasks} zone={zone} />
        </TabPanel>
      </Tabs>
      <div className="section-head">
        <h2 id="tasks-title">Tasks</h2>
        <span className="view-count">
          {done} of {tasks.length} done
        </span>
      </div>
      <TaskTable tasks={tableTasks} now={now} focus={task} selection={selection} logHref={logHref} zone={zone} />
    </section>
  );
}

function Breadcrumb({ id }: { readonly id: number }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/runs">Runs</Link>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">Run {id}</span>
    </nav>
  );
}

function Fact({ term, children, mono = false }: { readonly term: string; readonly children: ReactNode; readonly mono?: boolean }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}
