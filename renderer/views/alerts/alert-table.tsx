/**
 * A table of alerts: severity (its word, not colour alone), what happened
 * (title, rule, body), pipeline, partition, how often it was seen, when it
 * opened and was last seen, its state (open / acknowledged / snoozed until /
 * resolved and why), its run, and — for open alerts — the actions.
 */
import { Link } from 'wouter';
import { attentionOf, type AlertRecord } from '../../../shared/alert-model.js';
import { formatShortTime, formatTimestamp } from '../../format/run-format.js';
import { RULE_LABELS, alertStatusText, partitionKeyText } from './alert-format.js';
import { AlertActions } from './alert-actions.js';

/** What a table shows: its alerts, whether they are the open ones (with actions), the time, and each alert's project zone. */
export interface AlertTableProps {
  readonly label: string;
  readonly alerts: readonly AlertRecord[];
  readonly open: boolean;
  readonly now: number;
  readonly zoneOf: (alert: AlertRecord) => string;
}

/** See the file comment. */
export function AlertTable({ label, alerts, open, now, zoneOf }: AlertTableProps) {
  return (
    <div className="alert-table-wrap">
      <table className="data-table alert-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col" className="alert-what">
              Alert
            </th>
            <th scope="col">Pipeline</th>
            <th scope="col">Partition</th>
            <th scope="col" className="num">
              Seen
            </th>
            <th scope="col">Opened</th>
            <th scope="col">{open ? 'Last seen' : 'Resolved'}</th>
            <th scope="col">State</th>
            <th scope="col">Run</th>
            {open && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => {
            const titleId = `alert-${alert.id}-title`;
            const status = alertStatusText(alert, now, zoneOf(alert));
            const kind = alert.state === 'resolved' ? 'resolved' : attentionOf(alert, now);
            return (
              <tr key={alert.id} className={`alert-row alert-${kind}`}>
                <td>
                  <span className={`severity severity-${alert.severity}`}>
                    <span className="severity-mark" aria-hidden="true" />
                    {alert.severity}
                  </span>
                </td>
                <td className="alert-what">
                  <div className="alert-title-line">
                    <span id={titleId} className="alert-title">
                      {alert.title}
                    </span>
                    <span className="tag">{RULE_LABELS[alert.rule] ?? alert.rule}</span>
                  </div>
                  {alert.body && (
                    <div className="alert-body" title={alert.body}>
                      {alert.body}
                    </div>
                  )}
                </td>
                <td>{alert.pipeline ?? '—'}</td>
                <td className="alert-partition">{partitionKeyText(alert.partitionKey)}</td>
                <td className="num">{alert.count}×</td>
                <td title={formatTimestamp(alert.openedAt)}>{formatShortTime(alert.openedAt, now)}</td>
                <td title={formatTimestamp(open ? alert.lastSeenAt : alert.resolvedAt)}>{formatShortTime(open ? alert.lastSeenAt : alert.resolvedAt, now)}</td>
                <td className="alert-status">
                  <span className={`attention attention-${kind}`}>{status}</span>
                  {alert.resolution && (
                    <div className="alert-resolution" title={alert.resolution}>
                      {alert.resolution}
                    </div>
                  )}
                </td>
                <td>
                  {alert.runId !== null ? (
                    <Link href={`/runs/${alert.runId}`} className="run-link">
                      Run {alert.runId}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                {open && (
                  <td>
                    <AlertActions alert={alert} timeZone={zoneOf(alert)} now={now} describedBy={titleId} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
