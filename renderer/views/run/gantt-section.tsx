/** The Gantt panel of a run: legend, peak parallelism, the canvas chart, and on request its segments as a table. */
import { useMemo, useState } from 'react';
import type { AttemptRecord, RunRecord, TaskRunRecord } from '../../../shared/run-model.js';
import { ganttDomain, ganttRows, peakConcurrency, type SegmentKind } from '../../timeline/gantt-geometry.js';
import { SEGMENT_WORDS } from '../../format/segment-format.js';
import { GanttChart } from './gantt-chart.js';
import { GanttSegmentTable } from './gantt-segment-table.js';

const LEGEND: readonly SegmentKind[] = ['waiting', 'running', 'succeeded', 'failed', 'retry_wait', 'cancelled', 'upstream_failed', 'cached'];

/** See the file comment. */
export function GanttSection(props: {
  readonly run: RunRecord;
  readonly tasks: readonly TaskRunRecord[];
  readonly attempts: readonly AttemptRecord[] | undefined;
  readonly now: number;
  readonly onOpen: (pipeline: string, attempt: number | null) => void;
  readonly zone: string;
}) {
  const { run, tasks, attempts, now, onOpen, zone } = props;
  const [listed, setListed] = useState(false);
  const active = run.finishedAt === null;
  const rows = useMemo(() => ganttRows({ tasks, attempts: attempts ?? [], runStartedAt: run.startedAt, now }), [tasks, attempts, run.startedAt, now]);
  const domain = useMemo(() => ganttDomain(rows, run, now), [rows, run, now]);
  const reasons = useMemo(() => new Map(tasks.map((t) => [t.id, t.reason])), [tasks]);
  const peak = useMemo(() => peakConcurrency(rows), [rows]);
  if (!attempts) return <p className="empty">Loading attempts…</p>;
  return (
    <div className="gantt-section">
      <div className="gantt-toolbar">
        <ul className="gantt-legend" aria-label="Legend">
          {LEGEND.map((kind) => (
            <li key={kind} className={`legend-item legend-${kind}`}>
              <span className="legend-swatch" aria-hidden="true" />
              {SEGMENT_WORDS[kind]}
            </li>
          ))}
        </ul>
        <span className="view-count">{peak.count > 1 ? `up to ${peak.count} attempts at once` : ''}</span>
        <button type="button" className="button button-small" aria-expanded={listed} aria-controls="gantt-segments" onClick={() => setListed((on) => !on)}>
          {listed ? 'Hide segment list' : 'List segments'}
        </button>
      </div>
      <GanttChart rows={rows} domain={domain} now={active ? now : null} reasons={reasons} onOpen={onOpen} zone={zone} />
      {listed && <GanttSegmentTable id="gantt-segments" rows={rows} reasons={reasons} zone={zone} />}
    </div>
  );
}
