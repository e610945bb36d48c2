/** The header's bell: how many alerts are open, linking to /alerts; its name reads e.g. "Alerts, 3 open". */
import { Link, useLocation } from 'wouter';
import { OPEN_ALERT_LIMIT, useOpenAlerts } from '../api/index.js';
import './alert-bell.css';

/** See the file comment. */
export function AlertBell() {
  const [location] = useLocation();
  const open = useOpenAlerts();
  const count = open.data?.length ?? null;
  const text = count === null ? '' : count >= OPEN_ALERT_LIMIT ? `${OPEN_ALERT_LIMIT}+` : String(count);
  const errors = open.data?.some((alert) => alert.severity === 'error') ?? false;
  const name = count === null ? 'Alerts' : `Alerts, ${text} open`;
  return (
    <Link href="/alerts" className={`alert-bell${count ? (errors ? ' has-errors' : ' has-warnings') : ''}`} aria-label={name} title={name} aria-current={location === '/alerts' ? 'page' : undefined}>
      <svg className="alert-bell-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.6L2.2 11a.6.6 0 0 0 .5.9h10.6a.6.6 0 0 0 .5-.9l-1.3-2.4V6A4.5 4.5 0 0 0 8 1.5Z" />
        <path d="M6.3 13.2a1.8 1.8 0 0 0 3.4 0" />
      </svg>
      {count !== null && count > 0 && (
        <span className="alert-bell-count" aria-hidden="true">
          {text}
        </span>
      )}
    </Link>
  );
}
