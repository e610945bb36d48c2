/**
 * What Launch would create, before it does (runs.preview): one block per
 * run — its partition, then each task in execution order with its pool,
 * resolved command (secrets masked) and whether it runs or reuses a cached
 * result, and why.
 */
import type { RunPreview, TaskPreview } from '../../../shared/preview-model.js';
import { partitionText } from '../../format/run-format.js';

/** See the file comment. */
export function PlanPreview({ runs }: { readonly runs: readonly RunPreview[] }) {
  return (
    <div className="plan-runs">
      {runs.map((run) => (
        <PlanBlock key={run.partitionKey} run={run} />
      ))}
    </div>
  );
}

function PlanBlock({ run }: { readonly run: RunPreview }) {
  const title = partitionText(run.partition);
  const headingId = `plan-${run.partitionKey.replace(/[^\w-]/g, '_')}`;
  return (
    <section className="plan-block" aria-labelledby={headingId}>
      <h3 id={headingId} className="plan-block-title">
        <span className="mono">{title}</span>
        <span className="plan-counts">
          {run.toRun} to run{run.toReuse > 0 ? `, ${run.toReuse} cached` : ''}
        </span>
      </h3>
      <table className="data-table plan-task-table" aria-label={`Plan for ${title}`}>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Task</th>
            <th scope="col">Pool</th>
            <th scope="col">Command</th>
            <th scope="col">Will</th>
          </tr>
        </thead>
        <tbody>
          {run.tasks.map((task) => (
            <TaskRow key={task.pipeline} task={task} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TaskRow({ task }: { readonly task: TaskPreview }) {
  const command = typeof task.command === 'string' ? task.command : task.command.map(shellWord).join(' ');
  return (
    <tr className={task.action === 'reuse' ? 'is-cached' : undefined}>
      <td className="num mono">{task.order}</td>
      <th scope="row" className="task-name">
        {task.pipeline}
        {task.isTarget && <span className="tag"> target</span>}
      </th>
      <td className="mono">
        {task.pool}
        {task.poolSize > 1 ? ` (${task.poolSize})` : ''}
      </td>
      <td className="plan-command mono" title={command}>
        {command}
      </td>
      <td className="note">
        {task.action === 'reuse' ? (
          <span className="state state-cached">
            <span className="state-dot" aria-hidden="true" />
            cached
          </span>
        ) : (
          <span className="plan-run">run</span>
        )}
        {task.why && <span className="plan-why"> · {task.why}</span>}
      </td>
    </tr>
  );
}

/** An argv word as a shell would need it written: quoted when it holds spaces or shell characters. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
