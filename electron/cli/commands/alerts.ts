/**
 * `tickwork alerts [--all] [--limit N] [--json] [--project DIR]`: evaluates
 * the alert rules now (so the answer is current even without a daemon; the
 * daemon sends any notifications this queues) and lists open alerts, or all
 * alerts newest first with --all; only that project's with --project.
 */
import { flag, int, parse, str } from '../args.js';
import { openHomeStore, optionalProject } from '../context.js';
import { projectScope, storedProjectName } from '../project-scope.js';
import { AlertMonitor } from '../../engine/alerts/alert-monitor.js';
import { listAlerts } from '../../engine/store/alert-store.js';
import { iso, table, time } from '../format.js';

/** Options the parser accepts (help.ts describes each). */
export const alertsOptions = { all: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, project: { type: 'string' } } as const;

/** Runs the command; exit 0 whatever the alerts say (they are news, not a failure of this command). */
export async function alertsCommand(argv: readonly string[]): Promise<number> {
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
    const rows = alerts.map((a) => ({ ...a, openedAt: iso(a.openedAt), lastSeenAt: iso(a.lastSeenAt), resolvedAt: iso(a.resolvedAt) }));
    process.stdout.write(JSON.stringify(rows) + '\n');
    return 0;
  }
  if (alerts.length === 0) {
    process.stdout.write(flag(args, 'all') ? 'no alerts yet\n' : 'no open alerts\n');
    return 0;
  }
  const rows = alerts.map((a) => [
    String(a.id),
    a.state === 'open' ? a.severity.toUpperCase() : 'resolved',
    a.rule,
    a.count > 1 ? `${a.title} (×${a.count})` : a.title,
    time(a.openedAt),
    a.state === 'open' ? a.body : `${a.body} — ${a.resolution ?? 'cleared'} at ${time(a.resolvedAt)}`,
  ]);
  process.stdout.write(table(['ID', 'STATE', 'RULE', 'ALERT', 'SINCE', 'DETAIL'], rows) + '\n');
  return 0;
}
