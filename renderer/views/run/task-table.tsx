/**
 * A run's tasks in pipeline order: state, attempts, start, duration and why
 * (reason, cache source); the deep-linked task is marked. With `selection`,
 * a leading checkbox picks tasks (to re-run them); each row is still named by
 * its cells, not by its checkbox.
 */
import { memo, useEffect, useRef } from 'react';
import { Link } from 'wouter';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { StateBadge } from '../../components/state-badge.js';
import { elapsedMs, formatDuration, formatTimestamp } from '../../format/run-format.js';
import { timestampIn } from '../../format/zone-format.js';

/** Picked tasks and how to change them. */
export interface TaskSelection {
  readonly selected: ReadonlySet<string>;
  readonly toggle: (pipeline: string) => void;
  readonly setAll: (on: boolean) => void;
}

/** See the file comment (memoized: a 1000-row table re-renders only when its own props change). */
export const TaskTable = memo(function TaskTable({ tasks, now, focus, selection, logHref, zone }: { readonly tasks: readonly TaskRunRecord[]; readonly now: number; readonly focus: string | null; readonly selection?: TaskSelection; readonly logHref?: (pipeline: string) => string; readonly zone?: string }) {
  const at = (ms: number | null) => (zone && ms !== null ? timestampIn(ms, zone) : formatTimestamp(ms));
  const focused = useRef<HTMLTableRowElement>(null);
  useEffect(() => focused.current?.scrollIntoView({ block: 'nearest' }), [focus]);
  const ordered = [...tasks].sort((a, b) => a.topoIndex - b.topoIndex || a.id - b.id);
  return (
    <table className="data-table" aria-labelledby="tasks-title">
      <thead>
        <tr>
          {selection && (
            <th scope="col" className="select-cell">
              <input
                type="checkbox"
                aria-label="Select all tasks"
                checked={tasks.length > 0 && selection.selected.size === tasks.length}
                ref={(el) => {
                  if (el) el.indeterminate = selection.selected.size > 0 && selection.selected.size < tasks.length;
                }}
                onChange={(event) => selection.setAll(event.currentTarget.checked)}
              />
            </th>
          )}
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
            <tr
              key={task.id}
              ref={isFocus ? focused : undefined}
              className={isFocus ? 'is-focus' : undefined}
              aria-current={isFocus ? 'true' : undefined}
              aria-labelledby={selection ? CELLS.map((cell) => `task-${task.id}-${cell}`).join(' ') : undefined}
            >
              {selection && (
                <td className="select-cell">
                  <input type="checkbox" aria-label={`Select ${task.pipeline}`} checked={selection.selected.has(task.pipeline)} onChange={() => selection.toggle(task.pipeline)} />
                </td>
              )}
              <th scope="row" className="task-name" id={`task-${task.id}-name`}>
                {logHref ? <Link href={logHref(task.pipeline)}>{task.pipeline}</Link> : task.pipeline}
                {task.isTarget && <> <span className="tag">target</span></>}
              </th>
              <td id={`task-${task.id}-state`}>
                <StateBadge state={task.state} />
              </td>
              <td className="num mono" id={`task-${task.id}-attempts`}>{task.attempts}</td>
              <td className="mono" id={`task-${task.id}-started`}>{at(task.startedAt)}</td>
              <td className="num mono" id={`task-${task.id}-duration`}>{formatDuration(elapsedMs(task.startedAt, task.finishedAt, now))}</td>
              <td className="note" id={`task-${task.id}-note`}>{taskNote(task, at)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});

/** The cells that name a row (all but its checkbox). */
const CELLS = ['name', 'state', 'attempts', 'started', 'duration', 'note'] as const;

function taskNote(task: TaskRunRecord, at: (ms: number | null) => string): string {
  if (task.cachedFrom !== null) return `cached result of task run ${task.cachedFrom}`;
  if (task.state === 'retry_wait' && task.nextAttemptAt !== null) return `retry at ${at(task.nextAttemptAt)}`;
  return task.reason ?? '';
}
