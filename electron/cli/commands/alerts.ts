/**
 * `tickwork alerts [--all] [--limit N] [--json] [--project DIR]`: evaluates
 * the alert rules now (so the answer is current even without a daemon; the
 * daemon sends any notifications this queues) and lists open alerts, or all
 * alerts newest first with --all; only that project's with --project.
 * `tickwork alerts ack ID` and `tickwork alerts snooze ID --for 1h`: alert-actions.ts.
 */
import { flag, int, parse, str } from '../args.js';
import { openHomeStore, optionalProject } from '../context.js';
import { projectScope, storedProjectName } from '../project-scope.js';
import { AlertMonitor } from '../../engine/alerts/alert-monitor.js';
import { listAlerts } from '../../engine/store/alert-store.js';
import { table, time } from '../format.js';
import { alertActionCommand, alertJson } from './alert-actions.js';
import { attentionOf, type AlertRecord } from '../../../shared/alert-model.js';

/** Options the parser accepts (help.ts describes each). */
export const alertsOptions = { all: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, project: { type: 'string' } } as const;

/** Runs the command; exit 0 whatever the alerts say (they are news, not a failure of this command). */
export async function alertsCommand(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'ack' || argv[0] === 'snooze') return alertActionCommand(argv[0], argv.slice(1));
  const args = parse('alerts', argv, alertsOptions, 'none');
  const store = openHomeStore();
  const option = str(args, 'project');
  const project = optionalProject(option);
  const projects = project ? [project] : [];
  new AlertMonitor({ db: store.db, projects: () => projects }).evaluate(Date.now());
  // Alerts carry the project's name; a project whose tickwork.yaml does not load goes by the name its runs were stored under.
  const only = option === undefined ? undefined : (project?.name ?? storedProjectName(store.db, projectScope(option)!));
  const options = { all: flag(args, 'all'), limit: int(args, 'limit', 50, 'alerts') };
  const alerts = only === null ? [] : listAlerts(store.db, { ...options, ...(only !== undefined ? { project: only } : {}) });
  store.db.close();
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify(alerts.map(alertJson)) + '\n');
    return 0;
  }
  if (alerts.length === 0) {
    process.stdout.write(flag(args, 'all') ? 'no alerts yet\n' : 'no open alerts\n');
    return 0;
  }
  const rows = alerts.map((a) => [
    String(a.id),
    a.state === 'open' ? `${a.severity.toUpperCase()}${attentionNote(a)}` : 'resolved',
    a.rule,
    a.count > 1 ? `${a.title} (×${a.count})` : a.title,
    time(a.openedAt),
    a.state === 'open' ? a.body : `${a.body} — ${a.resolution ?? 'cleared'} at ${time(a.resolvedAt)}`,
  ]);
  process.stdout.write(table(['ID', 'STATE', 'RULE', 'ALERT', 'SINCE', 'DETAIL'], rows) + '\n');
  return 0;
}

/** ` (acked)` or ` (snoozed until …)` after an open alert's severity. */
function attentionNote(alert: AlertRecord): string {
  const attention = attentionOf(alert, Date.now());
  return attention === 'acknowledged' ? ' (acked)' : attention === 'snoozed' ? ` (snoozed until ${time(alert.snoozedUntil)})` : '';
}
