/**
 * The app shell: skip link, header (navigation, live indicator, theme), the
 * connection banner, and the routed view in <main>. Every view has a URL, so
 * a notification or a link can open it directly.
 */
import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { AppHeader } from './components/app-header.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { RunsView } from './views/runs/runs-view.js';
import { RunView } from './views/run/run-view.js';
import { AlertsView } from './views/alerts/alerts-view.js';
import { HealthView } from './views/health/health-view.js';
import { GlobalShortcuts } from './components/global-shortcuts.js';
import { LogsView } from './views/logs/logs-view.js';
import { OverviewView } from './views/overview/overview-view.js';
import { PreferencesView } from './views/preferences/preferences-view.js';

// Launch and Backfill load on demand (the date picker, the matrix): the first page stays small.
const LaunchView = lazy(() => import('./views/launch/launch-view.js').then((m) => ({ default: m.LaunchView })));
const BackfillStart = lazy(() => import('./views/backfill/backfill-view.js').then((m) => ({ default: m.BackfillStart })));
const BackfillDetail = lazy(() => import('./views/backfill/backfill-view.js').then((m) => ({ default: m.BackfillDetail })));

/** See the file comment. */
export function App() {
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppHeader />
      <ConnectionBanner />
      <GlobalShortcuts />
      <main id="main" className="app-main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewView} />
          <Route path="/runs" component={RunsView} />
          <Route path="/launch">
            <Suspense fallback={<p className="empty">Loading…</p>}>
              <LaunchView />
            </Suspense>
          </Route>
          <Route path="/backfill">
            <Suspense fallback={<p className="empty">Loading…</p>}>
              <BackfillStart />
            </Suspense>
          </Route>
          <Route path="/backfill/:id">
            {(params) => (
              <Suspense fallback={<p className="empty">Loading…</p>}>
                <BackfillDetail id={Number(params.id)} />
              </Suspense>
            )}
          </Route>
          <Route path="/alerts" component={AlertsView} />
          <Route path="/health" component={HealthView} />
          <Route path="/preferences" component={PreferencesView} />
          <Route path="/runs/:id/tasks/:task">{(params) => <LogsView run={Number(params.id)} task={decodeURIComponent(params.task)} />}</Route>
          <Route path="/runs/:id">{(params) => <RunView id={Number(params.id)} task={null} />}</Route>
          <Route>
            <section className="view" aria-labelledby="missing-title">
              <h1 id="missing-title">Not found</h1>
              <p className="empty">This page does not exist (yet). Go to the <Link href="/runs">runs</Link>.</p>
            </section>
          </Route>
        </Switch>
      </main>
    </div>
  );
}
