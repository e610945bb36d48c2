/** A run's tasks in pipeline order: state, attempts, start, duration and why (reason, cache source); the deep-linked task is marked. */
import { useEffect, useRef } from 'react';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { StateBadge } from '../../components/state-badge.js';
import { elapsedMs, formatDuration, formatTimestamp } from '../../format/run-format.js';

/** See the file comment. */
export function TaskTable({ tasks, now, focus }: { readonly tasks: readonly TaskRunRecord[]; readonly now: number; readonly focus: string | null }) {
  const focused = useRef<HTMLTableRowElement>(null);
  useEffect(() => focused.current?.scrollIntoView({ block: 'nearest' }), [focus]);
  const ordered = [...tasks].sort((a, b) => a.topoIndex - b.topoIndex || a.id - b.id);
  return (
    <table className="data-table" aria-labelledby="tasks-title">
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">State</th>
          <th scope="col" className="num">Attempts</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">Duration</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((task) => {
          const isFocus = task.pipeline === focus;
          return (
            <tr key={task.id} ref={isFocus ? focused : undefined} className={isFocus ? 'is-focus' : undefined} aria-current={isFocus ? 'true' : undefined}>
              <th scope="row" className="task-name">
                {task.pipeline}
                {task.isTarget && <> <span className="tag">target</span></>}
              </th>
              <td>
                <StateBadge state={task.state} />
              </td>
              <td className="num mono">{task.attempts}</td>
              <td className="mono">{formatTimestamp(task.startedAt)}</td>
              <td className="num mono">{formatDuration(elapsedMs(task.startedAt, task.finishedAt, now))}</td>
              <td className="note">{taskNote(task)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function taskNote(task: TaskRunRecord): string {
  if (task.cachedFrom !== null) return `cached result of task run ${task.cachedFrom}`;
  if (task.state === 'retry_wait' && task.nextAttemptAt !== null) return `retry at ${formatTimestamp(task.nextAttemptAt)}`;
  return task.reason ?? '';
}
