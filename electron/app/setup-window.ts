/**
 * Sets up the dashboard window: sandboxed, context-isolated, without Node,
 * limited to the daemon's origin (navigation-guard.ts decides every
 * navigation, new-window request, external link, permission and response),
 * and signed in to the daemon with the same one-time login URL as
 * `tickwork ui` (the daemon sets its HttpOnly session cookie).
 *
 * One window at most. Closing it destroys it (the app lives on in the
 * tray); `show(route)` makes a new one, or focuses the open one and moves it
 * to `route`. The window is signed in to one daemon (origin and token):
 * when the link reconnects to a different one (another port after a
 * restart, a new token), it signs in again and reopens the page it showed.
 * While no daemon answers, the route waits and the window opens on connect.
 */
import type { BrowserWindow, Session, WebContents } from 'electron';
import { loginUrl, withNext } from '../cli/daemon-client.js';
import { CONTENT_SECURITY_POLICY } from '../engine/api/security-headers.js';
import { headersVerdict, mayNavigate, permissionGranted, routeOf, safeRoute, windowOpenVerdict } from './navigation-guard.js';
import type { DaemonEndpoint, DashboardWindows, ShellContext } from './shell-context.js';

type WindowContext = Omit<ShellContext, 'windows'>;

/** See the file comment. */
export function setupWindow(ctx: WindowContext): DashboardWindows {
  let win: BrowserWindow | null = null;
  /** The daemon the window's session cookie belongs to. */
  let signedIn: DaemonEndpoint | null = null;
  /** A route asked for while no daemon answered. */
  let waiting: string | null = null;
  const hardened = new WeakSet<Session>();
  const origin = () => ctx.daemon.current()?.origin ?? null;

  const open = (): BrowserWindow => {
    if (win !== null && !win.isDestroyed()) return win;
    const created = new ctx.electron.BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Tickwork',
      autoHideMenuBar: true,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, preload: ctx.paths.preload, spellcheck: false },
    });
    if (!hardened.has(created.webContents.session)) {
      hardened.add(created.webContents.session);
      hardenSession(created.webContents.session, origin);
    }
    hardenContents(ctx, created.webContents, origin);
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (win === created) {
        win = null;
        signedIn = null;
      }
    });
    win = created;
    return created;
  };

  const signIn = async (target: BrowserWindow, route: string): Promise<void> => {
    const endpoint = ctx.daemon.current();
    if (endpoint === null) {
      waiting = route;
      ctx.log('window: no daemon answers yet; the dashboard opens once one does');
      return;
    }
    const { url } = await loginUrl({ port: endpoint.port, token: endpoint.token });
    if (!mayNavigate(url, endpoint.origin)) throw new Error(`the daemon's login URL is not on its origin ${endpoint.origin}`);
    if (target.isDestroyed()) return;
    signedIn = endpoint;
    await target.webContents.loadURL(withNext(url, route));
  };

  /** The connected daemon, when the window's session was made with it (same origin and token). */
  const signedInEndpoint = (): DaemonEndpoint | null => {
    const endpoint = ctx.daemon.current();
    return endpoint !== null && signedIn !== null && endpoint.origin === signedIn.origin && endpoint.token === signedIn.token ? endpoint : null;
  };

  const go = (target: BrowserWindow, route: string): void => {
    const fresh = signedInEndpoint();
    const loading = fresh ? target.webContents.loadURL(`${fresh.origin}${route}`) : signIn(target, route);
    // A load the user or a reconnect superseded rejects (ERR_ABORTED): worth a line, not a crash.
    loading.catch((error: Error) => ctx.log(`window: could not open ${route}: ${error.message}`));
  };

  const offConnection = ctx.daemon.onConnection((connected) => {
    const current = win;
    if (!connected || current === null || current.isDestroyed()) return;
    if (signedInEndpoint() !== null && waiting === null) return;
    const route = waiting ?? routeOf(current.webContents.getURL(), signedIn?.origin ?? null) ?? '/';
    waiting = null;
    go(current, route);
  });
  ctx.lifecycle.onQuit(() => offConnection());

  return {
    show(route) {
      const existing = win !== null && !win.isDestroyed();
      const target = open();
      if (!existing || route !== undefined) go(target, safeRoute(route));
      if (existing) {
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
      }
    },
    contentsId: () => (win !== null && !win.isDestroyed() ? win.webContents.id : null),
  };
}

/** Navigation, redirects, frames, new windows and webviews of `contents`, each checked by navigation-guard.ts. */
function hardenContents(ctx: WindowContext, contents: WebContents, origin: () => string | null): void {
  const stop = (what: string) => (event: { url: string; preventDefault(): void }) => {
    if (mayNavigate(event.url, origin())) return;
    event.preventDefault();
    ctx.log(`window: stopped a ${what} to ${describe(event.url)}`);
  };
  contents.on('will-navigate', stop('navigation'));
  contents.on('will-redirect', stop('redirect'));
  contents.on('will-frame-navigate', stop('frame navigation'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    ctx.log('window: refused a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = windowOpenVerdict(url, origin());
    if (verdict.kind === 'navigate') void contents.loadURL(verdict.url).catch(() => undefined);
    else if (verdict.kind === 'external') void ctx.electron.shell.openExternal(verdict.url).catch((error: Error) => ctx.log(`window: could not open ${describe(verdict.url)}: ${error.message}`));
    else ctx.log(`window: dropped a new window for ${describe(url)} (${verdict.reason})`);
    return { action: 'deny' };
  });
}

/** Permissions, and the CSP of every document the session loads. */
function hardenSession(session: Session, origin: () => string | null): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionGranted(permission, details.requestingUrl, origin())));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionGranted(permission, requestingOrigin, origin()));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback(headersVerdict({ url: details.url, resourceType: details.resourceType, responseHeaders: details.responseHeaders, daemonOrigin: origin(), csp: CONTENT_SECURITY_POLICY }));
  });
}

/** A URL for a log line: its origin and path only (a login URL's query holds a token). */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}…` : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an unparseable URL';
  }
}
