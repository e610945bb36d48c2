/** The Gantt's segments as a table — the chart's accessible alternative: task, attempt, state, start, end, duration, exit or reason. */
import type { GanttRow } from '../../timeline/gantt-geometry.js';
import { clockTime, segmentEnd, segmentOutcome, segmentTitle, SEGMENT_WORDS } from '../../format/segment-format.js';
import { formatDuration } from '../../format/run-format.js';

/** See the file comment. */
export function GanttSegmentTable({ id, rows, reasons, zone }: { readonly id: string; readonly rows: readonly GanttRow[]; readonly reasons: ReadonlyMap<number, string | null>; readonly zone: string }) {
  return (
    <table id={id} className="data-table gantt-segments" aria-label="Gantt segments">
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Segment</th>
          <th scope="col">State</th>
          <th scope="col">Start</th>
          <th scope="col">End</th>
          <th scope="col" className="num">Duration</th>
          <th scope="col">Exit or reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.flatMap((row) =>
          row.segments.map((segment, i) => (
            <tr key={`${row.task.id}-${i}`}>
              <th scope="row" className="task-name">{row.task.pipeline}</th>
              <td>{segmentTitle(segment)}</td>
              <td>
                <span className={`state state-${segment.kind}`}>
                  <span className="state-dot" aria-hidden="true" />
                  {SEGMENT_WORDS[segment.kind]}
                </span>
              </td>
              <td className="mono">{clockTime(segment.start, zone)}</td>
              <td className="mono">{segment.marker ? '' : segmentEnd(segment, zone)}</td>
              <td className="num mono">{segment.marker ? '' : formatDuration(segment.end - segment.start)}</td>
              <td className="note">{segmentOutcome(segment, reasons.get(row.task.id) ?? null)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
