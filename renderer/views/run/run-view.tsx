/** /runs/:id (and /runs/:id/tasks/:task): a run's header and its live task table. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { ApiCallError, useRun } from '../../api/index.js';
import { StateBadge } from '../../components/state-badge.js';
import { useNow } from '../../components/use-now.js';
import { elapsedMs, formatDuration, formatTimestamp, paramsText, partitionText } from '../../format/run-format.js';
import { TaskTable } from './task-table.js';

/** See the file comment. */
export function RunView({ id, task }: { readonly id: number; readonly task: string | null }) {
  const query = useRun(id);
  const run = query.data?.run;
  const now = useNow(run?.state === 'running' || run?.state === 'queued');
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
      <dl className="facts" aria-label="Run details">
        <Fact term="Targets">{run.targets.join(', ')}</Fact>
        <Fact term="Partition" mono>
          {partitionText(run.partition)}
        </Fact>
        <Fact term="Params" mono>
          {paramsText(run.params)}
        </Fact>
        <Fact term="Trigger">{run.trigger}</Fact>
        <Fact term="Duration" mono>
          {formatDuration(elapsedMs(run.startedAt, run.finishedAt, now))}
        </Fact>
        <Fact term="Created" mono>
          {formatTimestamp(run.createdAt)}
        </Fact>
        <Fact term="Started" mono>
          {formatTimestamp(run.startedAt)}
        </Fact>
        <Fact term="Finished" mono>
          {formatTimestamp(run.finishedAt)}
        </Fact>
        <Fact term="Selection">{run.selection.replace('_', ' ') + (run.force ? ', forced' : '')}</Fact>
        <Fact term="Project">{run.project}</Fact>
        {run.reason && <Fact term="Reason">{run.reason}</Fact>}
      </dl>
      <div className="section-head">
        <h2 id="tasks-title">Tasks</h2>
        <span className="view-count">
          {done} of {tasks.length} done
        </span>
      </div>
      <TaskTable tasks={tasks} now={now} focus={task} />
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
