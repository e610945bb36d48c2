/** The run's journal (runs.events): every state change of the run, its tasks and attempts, oldest first, a page at a time, live at the end. */
import type { EventRecord, TaskRunRecord } from '../../../shared/run-model.js';
import { useRunEvents } from '../../api/index.js';
import { clockTime } from '../../format/segment-format.js';
import { timestampIn } from '../../format/zone-format.js';

/** See the file comment. */
export function RunEvents({ runId, tasks, zone }: { readonly runId: number; readonly tasks: readonly TaskRunRecord[]; readonly zone: string }) {
  const query = useRunEvents(runId);
  const names = new Map(tasks.map((t) => [t.id, t.pipeline]));
  if (query.isError) return <p className="empty" role="alert">Could not load the events: {(query.error as Error).message}</p>;
  if (!query.data) return <p className="empty">Loading events…</p>;
  const { events, next } = query.data;
  return (
    <div className="run-events">
      <table className="data-table" aria-label="Events">
        <thead>
          <tr>
            <th scope="col" className="num">Seq</th>
            <th scope="col">Time</th>
            <th scope="col">Kind</th>
            <th scope="col">Task</th>
            <th scope="col">Change</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td className="num mono">{event.seq}</td>
              <td className="mono" title={timestampIn(event.at, zone)}>{clockTime(event.at, zone)}</td>
              <td>{event.kind}</td>
              <td className="task-name">{event.taskRunId !== null ? names.get(event.taskRunId) ?? `task run ${event.taskRunId}` : ''}</td>
              <td className="mono">{changeText(event)}</td>
              <td className="note">{detailText(event, names)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="events-foot">
        <span className="view-count">
          {events.length} event{events.length === 1 ? '' : 's'}
          {next === null ? '' : ', more to load'}
        </span>
        {next !== null && (
          <button type="button" className="button button-small" onClick={query.loadMore} disabled={query.isFetching}>
            Load more events
          </button>
        )}
      </div>
    </div>
  );
}

/** `running → succeeded`, `→ queued`. */
function changeText(event: EventRecord): string {
  if (event.to === null) return '';
  return event.from ? `${event.from} → ${event.to}` : `→ ${event.to}`;
}

/** A note's message, else the event's data as short `key value` pairs (attempt number, exit, error, reason…), leaving out the task's name the Task column shows. */
function detailText(event: EventRecord, names: ReadonlyMap<number, string>): string {
  if (!event.data) return '';
  // A note carries the line written for a person: `runs: code file steps/a.py changed`.
  if (event.kind === 'note' && typeof event.data.message === 'string') return event.data.message;
  const task = event.taskRunId !== null ? names.get(event.taskRunId) : undefined;
  return Object.entries(event.data)
    .filter(([key, value]) => value !== null && value !== undefined && !(key === 'pipeline' && value === task))
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
