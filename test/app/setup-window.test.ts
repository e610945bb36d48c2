/**
 * setupWindow on a fake BrowserWindow (its loadURL does real HTTP, cookie
 * jar and redirects included) against real daemons: the window's web
 * preferences, sign-in with the one-time login URL into a session the API
 * accepts, show(route) creating / focusing / moving the one window, close
 * destroying it, a reconnect to a daemon on another port signing in again
 * at the same page, and every guard Electron would call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { waitFor } from '../helpers/wait-for.js';
import { setupWindow } from '../../electron/app/setup-window.js';
import type { DaemonEndpoint, ShellContext } from '../../electron/app/shell-context.js';
import type { DaemonApi } from '../../electron/cli/daemon-client.js';
import { startShellDaemon } from './tray-daemon.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Listener = (...args: never[]) => unknown;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

class FakeSession {
  requestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }) => void) | null = null;
  checkHandler: ((wc: unknown, permission: string, origin: string) => boolean) | null = null;
  headersListener: ((details: unknown, cb: (answer: unknown) => void) => void) | null = null;
  setPermissionRequestHandler(handler: FakeSession['requestHandler']) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']) {
    this.checkHandler = handler;
  }
  webRequest = { onHeadersReceived: (listener: FakeSession['headersListener']) => void (this.headersListener = listener) };
}

const SESSION = new FakeSession();
let nextId = 1;

/** webContents whose loadURL does the HTTP a browser would: a cookie jar per session, redirects followed on the same origin. */
class FakeContents extends FakeEmitter {
  readonly id = nextId++;
  readonly session = SESSION;
  readonly loads: string[] = [];
  url = '';
  status = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  static cookies = new Map<string, string>();
  setWindowOpenHandler(handler: FakeContents['windowOpenHandler']) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
    let at = url;
    for (let hop = 0; hop < 5; hop += 1) {
      const origin = new URL(at).origin;
      const cookie = FakeContents.cookies.get(origin);
      const res = await fetch(at, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) FakeContents.cookies.set(origin, setCookie.split(';')[0]!);
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        at = new URL(location, at).href;
        continue;
      }
      this.url = at;
      this.status = res.status;
      return;
    }
  }
}

class FakeWindow extends FakeEmitter {
  static all: FakeWindow[] = [];
  readonly webContents = new FakeContents();
  destroyed = false;
  shown = 0;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.all.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.shown += 1;
  }
  focus() {
    this.focused += 1;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

function endpointOf(api: DaemonApi): DaemonEndpoint {
  return { port: api.port, token: api.token, origin: `http://127.0.0.1:${api.port}` };
}

function fakeShell(initial: DaemonEndpoint | null) {
  let endpoint = initial;
  const connection = new Set<(connected: boolean) => void>();
  const external: string[] = [];
  const logs: string[] = [];
  const electron = { BrowserWindow: FakeWindow, shell: { openExternal: async (url: string) => void external.push(url) } };
  const ctx: Omit<ShellContext, 'windows'> = {
    electron: electron as unknown as ShellContext['electron'], // only the parts setupWindow uses
    platform: 'linux',
    env: {},
    homeRoot: '/unused',
    paths: { cliEntry: '/unused', preload: '/app/dist/app/preload.cjs', resources: '/unused' },
    log: (line) => void logs.push(line),
    prefs: { get: () => ({ launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: [] }), set: () => ({ launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: [] }), onChange: () => () => {} },
    daemon: {
      current: () => endpoint,
      call: () => Promise.reject(new Error('unused')),
      onEvent: () => () => {},
      onConnection: (listener) => (connection.add(listener), () => connection.delete(listener)),
      onNotification: () => () => {},
    },
    lifecycle: { onQuit: () => {} },
    startHidden: false,
  };
  const connect = (next: DaemonEndpoint | null) => {
    endpoint = next;
    connection.forEach((listener) => listener(next !== null));
  };
  return { ctx, external, logs, connect };
}

async function apiStatus(origin: string, path: string): Promise<number> {
  const cookie = FakeContents.cookies.get(origin);
  const res = await fetch(`${origin}/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) }, body: '{}' });
  await res.arrayBuffer();
  return res.status;
}

describe('setupWindow', () => {
  it('opens one sandboxed, context-isolated window without Node, signed in to the daemon at the route, and focuses it after', async () => {
    FakeWindow.all = [];
    const w = tempWorld();
    w.writeProject('name: windesk\npipelines:\n  a: {command: ["true"]}\n');
    const { api } = await startShellDaemon(w.home, w.project, cleanups);
    const shell = fakeShell(endpointOf(api));
    const windows = setupWindow(shell.ctx);
    expect(windows.contentsId?.()).toBeNull();

    windows.show('/runs?state=failed');
    expect(FakeWindow.all).toHaveLength(1);
    const win = FakeWindow.all[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/app/dist/app/preload.cjs' });
    expect(win.options.show).toBe(false);
    const origin = endpointOf(api).origin;
    await waitFor(() => win.webContents.status !== 0 || shell.logs.length > 0, "the dashboard to load");
    expect([win.webContents.status, win.webContents.url, shell.logs]).toEqual([200, expect.anything(), []]);
    expect(win.webContents.loads[0]).toMatch(new RegExp(`^${origin}/login\\?token=[^&]+&next=%2Fruns%3Fstate%3Dfailed$`));
    expect(win.webContents.url).toBe(`${origin}/runs?state=failed`);
    expect(await apiStatus(origin, 'projects.list')).toBe(200); // the window's cookie is a session the API takes
    expect(windows.contentsId?.()).toBe(win.webContents.id);
    win.emit('ready-to-show');
    expect(win.shown).toBe(1);

    windows.show('/alerts');
    expect(FakeWindow.all).toHaveLength(1);
    expect(win.focused).toBe(1);
    await waitFor(() => win.webContents.url === `${origin}/alerts`, 'the window to move to /alerts');
    expect(win.webContents.loads.at(-1)).toBe(`${origin}/alerts`); // signed in already: no second login URL
    windows.show();
    expect(win.webContents.loads).toHaveLength(2); // show() without a route only focuses
    expect(win.focused).toBe(2);

    win.close();
    expect(windows.contentsId?.()).toBeNull();
    windows.show('/health');
    expect(FakeWindow.all).toHaveLength(2);
    await waitFor(() => FakeWindow.all[1]!.webContents.url === `${origin}/health`, 'a new window at /health');
    expect(FakeWindow.all[1]!.webContents.loads[0]).toMatch(/\/login\?token=/);
  });

  it('signs in again, at the page it showed, when the daemon comes back on another port; and waits for a daemon when none answers', async () => {
    FakeWindow.all = [];
    const w = tempWorld();
    w.writeProject('name: windesk\npipelines:\n  a: {command: ["true"]}\n');
    const shell = fakeShell(null);
    const windows = setupWindow(shell.ctx);
    windows.show('/runs/1');
    const win = FakeWindow.all[0]!;
    expect(win.webContents.loads).toEqual([]);
    expect(shell.logs.join('\n')).toMatch(/no daemon answers yet/);

    const first = await startShellDaemon(w.home, w.project, cleanups);
    shell.connect(endpointOf(first.api));
    const firstOrigin = endpointOf(first.api).origin;
    await waitFor(() => win.webContents.url === `${firstOrigin}/runs/1`, 'the waiting route to open');
    windows.show('/health');
    await waitFor(() => win.webContents.url === `${firstOrigin}/health`, 'the window at /health');

    shell.connect(null);
    first.child.kill('SIGTERM');
    await new Promise<void>((resolve) => (first.child.exitCode !== null ? resolve() : first.child.once('exit', () => resolve())));
    // A daemon of another home stands for the restarted one: the same home keeps its port when it is free.
    const w2 = tempWorld();
    w2.writeProject('name: windesk\npipelines:\n  a: {command: ["true"]}\n');
    const second = await startShellDaemon(w2.home, w2.project, cleanups);
    expect(second.api.port).not.toBe(first.api.port);
    shell.connect(endpointOf(second.api));
    const secondOrigin = endpointOf(second.api).origin;
    await waitFor(() => win.webContents.url === `${secondOrigin}/health`, 'the window signed in to the new daemon, at /health');
    expect(win.webContents.loads.at(-1)).toMatch(new RegExp(`^${secondOrigin}/login\\?token=[^&]+&next=%2Fhealth$`));
    expect(await apiStatus(secondOrigin, 'projects.list')).toBe(200);
  });

  it('wires every guard: navigation, redirects, frames, webviews, new windows, external links, permissions and the CSP', async () => {
    FakeWindow.all = [];
    const endpoint: DaemonEndpoint = { port: 4999, token: 't', origin: 'http://127.0.0.1:4999' };
    const shell = fakeShell(endpoint);
    setupWindow(shell.ctx).show();
    const contents = FakeWindow.all[0]!.webContents;
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { url, preventDefault: () => void (prevented = true) });
      return prevented;
    };
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(navigate(event, `${endpoint.origin}/runs`), event).toBe(false);
      expect(navigate(event, 'https://evil.example/'), event).toBe(true);
      expect(navigate(event, 'file:///etc/passwd'), event).toBe(true);
    }
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => void (webviewPrevented = true) }, {}, {});
    expect(webviewPrevented).toBe(true);

    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://docs.example.com/x' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'https://u:p@example.com/' })).toEqual({ action: 'deny' });
    await waitFor(() => shell.external.length === 1, 'the external link to open');
    expect(shell.external).toEqual(['https://docs.example.com/x']);
    expect(shell.logs.join('\n')).toMatch(/dropped a new window for javascript:… \(scheme javascript: is not opened\)/);

    const granted: boolean[] = [];
    SESSION.requestHandler!(contents, 'media', (g) => granted.push(g), { requestingUrl: `${endpoint.origin}/` });
    SESSION.requestHandler!(contents, 'clipboard-sanitized-write', (g) => granted.push(g), { requestingUrl: `${endpoint.origin}/` });
    SESSION.requestHandler!(contents, 'clipboard-sanitized-write', (g) => granted.push(g), { requestingUrl: 'https://evil.example/' });
    expect(granted).toEqual([false, true, false]);
    expect(SESSION.checkHandler!(contents, 'geolocation', endpoint.origin)).toBe(false);

    const answers: unknown[] = [];
    SESSION.headersListener!({ url: 'https://evil.example/', resourceType: 'mainFrame', responseHeaders: {} }, (a) => answers.push(a));
    SESSION.headersListener!({ url: `${endpoint.origin}/`, resourceType: 'mainFrame', responseHeaders: {} }, (a) => answers.push(a));
    expect(answers[0]).toEqual({ cancel: true });
    expect(answers[1]).toMatchObject({ cancel: false, responseHeaders: { 'Content-Security-Policy': [expect.stringContaining("script-src 'self'")] } });
  });
});
