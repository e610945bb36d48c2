/**
 * /alerts: the open alerts (with Acknowledge and Snooze) above the recently
 * resolved ones, live from the event stream. Snooze times use the zone of
 * the alert's project (projects.list), so "until tomorrow 06:00" is the
 * exchange's morning whatever zone the laptop is in. A snooze that ends
 * re-renders the row at that moment (no polling).
 */
import { useEffect, useMemo, useState } from 'react';
import type { AlertRecord } from '../../../shared/alert-model.js';
import { useAlertHistory, useOpenAlerts, useProjects } from '../../api/index.js';
import { AlertTable } from './alert-table.js';
import './alerts.css';

/** The zone of a project with no projects.list answer yet: the laptop's. */
function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Now, moved on when the earliest snooze in `alerts` ends (so its row stops saying "snoozed"). */
function useNowUntilSnoozesEnd(alerts: readonly AlertRecord[]): number {
  const [now, setNow] = useState(() => Date.now());
  const next = alerts.reduce<number | null>((soonest, a) => (a.snoozedUntil !== null && a.snoozedUntil > now && (soonest === null || a.snoozedUntil < soonest) ? a.snoozedUntil : soonest), null);
  useEffect(() => {
    setNow(Date.now());
  }, [alerts]);
  useEffect(() => {
    if (next === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(next - Date.now() + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [next]);
  return now;
}

/** `3 open · 2 errors, 1 warning` (the parts that are not zero). */
function openSummary(open: number, errors: number): string {
  const warnings = open - errors;
  const parts = [errors ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '', warnings ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''].filter(Boolean);
  return `${open} open${parts.length ? ` · ${parts.join(', ')}` : ''}`;
}

/** See the file comment. */
export function AlertsView() {
  const open = useOpenAlerts();
  const history = useAlertHistory();
  const projects = useProjects();
  const openAlerts = open.data ?? [];
  const resolved = useMemo(() => (history.data ?? []).filter((a) => a.state === 'resolved'), [history.data]);
  const now = useNowUntilSnoozesEnd(openAlerts);
  const zoneOf = useMemo(() => {
    const zones = new Map((projects.data ?? []).map((p) => [p.name, p.timezone]));
    const fallback = projects.data?.[0]?.timezone ?? machineZone();
    return (alert: AlertRecord) => (alert.project !== null ? zones.get(alert.project) : undefined) ?? fallback;
  }, [projects.data]);
  const errors = openAlerts.filter((a) => a.severity === 'error').length;
  return (
    <section className="view view-alerts" aria-labelledby="alerts-title">
      <div className="view-head">
        <h1 id="alerts-title">Alerts</h1>
        <span className="view-count" aria-live="polite">
          {open.isPending ? 'Loading…' : openSummary(openAlerts.length, errors)}
        </span>
      </div>
      <section className="alert-section" aria-labelledby="open-alerts-title">
        <div className="section-head">
          <h2 id="open-alerts-title">Open</h2>
          <span className="view-count">Acknowledge to stop reminders; snooze to hear again later. An alert resolves by itself when its condition clears.</span>
        </div>
        {open.isError ? (
          <p className="empty" role="alert">
            Could not load alerts: {(open.error as Error).message}
          </p>
        ) : !open.isPending && openAlerts.length === 0 ? (
          <p className="empty alert-calm">No open alerts. Every pipeline is quiet.</p>
        ) : (
          <AlertTable label="Open alerts" alerts={openAlerts} open now={now} zoneOf={zoneOf} />
        )}
      </section>
      <section className="alert-section" aria-labelledby="resolved-alerts-title">
        <div className="section-head">
          <h2 id="resolved-alerts-title">Resolved</h2>
          {resolved.length > 0 && <span className="view-count">the latest {resolved.length}</span>}
        </div>
        {history.isError ? (
          <p className="empty" role="alert">
            Could not load resolved alerts: {(history.error as Error).message}
          </p>
        ) : !history.isPending && resolved.length === 0 ? (
          <p className="empty alert-calm">Nothing resolved yet.</p>
        ) : (
          <AlertTable label="Resolved alerts" alerts={resolved} open={false} now={now} zoneOf={zoneOf} />
        )}
      </section>
    </section>
  );
}
