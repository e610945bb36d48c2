/**
 * The header: product name, the main navigation, the live indicator and the
 * time-zone and theme toggles. The navigation lists only views that exist;
 * beside them, the command palette's button (Ctrl/⌘K) and the bell with the
 * open alerts.
 */
import { Link, useLocation } from 'wouter';
import { useConnectionState } from '../api/index.js';
import { ThemeToggle } from './theme-toggle.js';
import { AlertBell } from './alert-bell.js';
import { CommandButton } from './command-button.js';
import { TimeZoneToggle } from './time-zone-toggle.js';

/** The main navigation's entries (path prefix, label). */
export const NAV_ITEMS: ReadonlyArray<{ readonly path: string; readonly label: string }> = [{ path: '/', label: 'Overview' }, { path: '/runs', label: 'Runs' }, { path: '/launch', label: 'Launch' }, { path: '/backfill', label: 'Backfill' }, { path: '/alerts', label: 'Alerts' }, { path: '/health', label: 'Health' }];

/** See the file comment. */
export function AppHeader() {
  const [location] = useLocation();
  const state = useConnectionState();
  const live = state === 'live';
  return (
    <header className="app-header">
      <Link href="/" className="brand" aria-label="Tickwork home">
        <span className="brand-mark" aria-hidden="true" />
        Tickwork
      </Link>
      <nav aria-label="Main" className="main-nav">
        {NAV_ITEMS.map((item) => {
          const current = location === item.path || location.startsWith(item.path + '/');
          return (
            <Link key={item.path} href={item.path} className="nav-link" aria-current={current ? 'page' : undefined}>
              {item.label}
            </Link>
          );
        })}
      </nav>
      <div className="header-tools">
        <CommandButton />
        <AlertBell />
        <span className={`live-indicator ${live ? 'is-live' : 'is-down'}`} role="status" aria-label={live ? 'Live: connected to the daemon' : 'Not connected to the daemon'}>
          <span className="live-dot" aria-hidden="true" />
          {live ? 'Live' : state === 'connecting' ? 'Connecting' : 'Offline'}
        </span>
        <TimeZoneToggle />
        <ThemeToggle />
      </div>
    </header>
  );
}
