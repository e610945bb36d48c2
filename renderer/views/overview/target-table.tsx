/**
 * The Overview's table: one row per pipeline and job of every served
 * project — last state, when it last ran and for how long, the durations of
 * its last 30 runs, its next fire in the chosen zone and the exchange's (or
 * local) time, freshness, open alerts, its schedule's switch and a Run
 * button. A few hundred rows at most, so a plain table (every cell reachable
 * by a screen reader's table commands).
 */
import { Link } from 'wouter';
import type { OverviewRow } from './overview-rows.js';
import { DurationSparkline } from './duration-sparkline.js';
import { RunTargetButton } from './run-target-button.js';
import { ScheduleSwitch } from './schedule-switch.js';
import { StateBadge } from '../../components/state-badge.js';
import { formatDuration } from '../../format/run-format.js';
import { relativeText, shortTimeIn, spanText, timestampIn, zoneAbbreviation } from '../../format/zone-format.js';
import type { TimeZoneChoice } from '../../components/use-time-zone.js';

/** What the table shows. */
export interface TargetTableProps {
  readonly rows: readonly OverviewRow[];
  readonly now: number;
  readonly tz: TimeZoneChoice;
}

/** See the file comment. */
export function TargetTable({ rows, now, tz }: TargetTableProps) {
  const at = (ms: number) => `${shortTimeIn(ms, tz.zone, now)} ${zoneAbbreviation(ms, tz.zone)}`;
  // The second line of a fire time: the exchange's clock when another zone is shown, else this machine's.
  const otherZone = tz.zone === tz.exchangeZone ? tz.localZone : tz.exchangeZone;
  const other = (ms: number) => (otherZone === tz.zone ? null : `${shortTimeIn(ms, otherZone, now)} ${zoneAbbreviation(ms, otherZone)}`);
  return (
    <table className="data-table overview-table" aria-label="Pipelines and jobs">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Last run</th>
          <th scope="col" className="num">Duration</th>
          <th scope="col">Last 30</th>
          <th scope="col">Next fire</th>
          <th scope="col">Freshness</th>
          <th scope="col" className="num">Alerts</th>
          <th scope="col">Schedule</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const { target, last, schedule } = row;
          const next = row.nextFire;
          const otherText = next !== null ? other(next) : null;
          return (
            <tr key={target.key}>
              <th scope="row" className="target-cell">
                <span className="stack">
                  <span>
                    <span className="task-name">{target.name}</span>{' '}
                    <span className={`tag tag-${target.kind}`}>{target.kind}</span>
                  </span>
                  <span className="sub" title={subline(row)}>
                    {subline(row)}
                  </span>
                </span>
              </th>
              <td className="last-cell">
                {last ? (
                  <span className="stack">
                    <span>
                      <StateBadge state={last.state} />{' '}
                      <Link href={`/runs/${last.runId}`} className="run-link" aria-label={`Run ${last.runId}`}>
                        #{last.runId}
                      </Link>
                    </span>
                    <span className="sub mono" title={timestampIn(last.startedAt ?? last.createdAt, tz.zone)}>
                      {at(last.startedAt ?? last.createdAt)} · {relativeText(last.startedAt ?? last.createdAt, now)}
                    </span>
                  </span>
                ) : (
                  <span className="muted">never ran</span>
                )}
              </td>
              <td className="num mono">{formatDuration(row.lastDurationMs)}</td>
              <td className="spark-cell">
                <DurationSparkline bars={row.spark} />
              </td>
              <td className="fire-cell">
                {schedule === null ? (
                  <span className="muted">manual</span>
                ) : next === null ? (
                  <span className="muted">paused</span>
                ) : (
                  <span className="stack" title={`${schedule.cron} · ${schedule.timezone}${schedule.calendar ? ` · ${schedule.calendar}` : ''}`}>
                    <span>
                      <span className="mono">{at(next)}</span> <span className="muted">{relativeText(next, now)}</span>
                    </span>
                    {otherText && <span className="sub mono">{otherText}</span>}
                  </span>
                )}
              </td>
              <td>
                <Freshness row={row} now={now} />
              </td>
              <td className="num">
                {target.openAlerts > 0 ? (
                  <Link href="/alerts" className="alert-count" aria-label={`${target.openAlerts} open ${target.openAlerts === 1 ? 'alert' : 'alerts'} for ${target.name}`}>
                    {target.openAlerts}
                  </Link>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td>{schedule ? <ScheduleSwitch schedule={schedule} name={target.name} zone={at} /> : <span className="muted">—</span>}</td>
              <td className="action-cell">
                <RunTargetButton project={target.projectFile} target={target.name} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A target's second line: its description, else a job's pipelines or a pipeline's upstream. */
function subline(row: OverviewRow): string {
  const { target } = row;
  if (target.description) return target.description;
  if (target.members.length === 0) return target.kind === 'job' ? 'no pipelines' : 'no upstream';
  return `${target.kind === 'job' ? '' : 'after '}${target.members.join(', ')}`;
}

function Freshness({ row, now }: { readonly row: OverviewRow; readonly now: number }) {
  const { lastSuccessAt, freshnessMs, stale } = row.target;
  const age = lastSuccessAt === null ? 'never succeeded' : `ok ${spanText(now - lastSuccessAt)} ago`;
  if (freshnessMs === null && !stale) return <span className="muted">{age}</span>;
  return (
    <span className="stack">
      <span>
        <span className={`fresh-badge ${stale ? 'is-stale' : 'is-fresh'}`}>{stale ? 'stale' : 'fresh'}</span>
      </span>
      <span className="sub">
        {age}
        {freshnessMs !== null ? ` · within ${spanText(freshnessMs)}` : ''}
      </span>
    </span>
  );
}
