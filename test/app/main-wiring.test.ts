/** startShell on a fake Electron surface: the order of the setup steps, the single-instance lock, and quit awaiting the daemon policy. */
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startShell, type ShellSetups } from '../../electron/app/main.js';
import type { ElectronSurface } from '../../electron/app/electron-surface.js';
import type { ShellContext } from '../../electron/app/shell-context.js';
import type { ShellDaemon } from '../../electron/app/daemon-link.js';

/** The slice of Electron's app the shell touches, recording what it was asked. */
class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  lock = true;
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  exited: Promise<number>;
  private exitResolve!: (code: number) => void;
  constructor() {
    super();
    this.exited = new Promise((resolve) => (this.exitResolve = resolve));
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lock;
  }
  quit(): void {
    this.calls.push('quit');
  }
  whenReady(): Promise<void> {
    this.calls.push('whenReady');
    return this.ready;
  }
  becomeReady(): void {
    this.readyResolve();
  }
  getLoginItemSettings(): { wasOpenedAsHidden: boolean } {
    return { wasOpenedAsHidden: false };
  }
  exit(code: number): void {
    this.calls.push(`exit(${code})`);
    this.exitResolve(code);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A daemon link the app started, whose graceful stop finishes when the test says so. */
function fakeDaemon(stop: Promise<void>, order: string[], stopping: () => void = () => undefined): ShellDaemon {
  return {
    current: () => null,
    call: () => Promise.reject(new Error('not reachable')),
    onEvent: () => () => undefined,
    onConnection: () => () => undefined,
    onNotification: () => () => undefined,
    owner: () => 'app',
    ownLaunch: () => null,
    stopOwnDaemon: () => {
      order.push('stopOwnDaemon');
      stopping();
      return stop;
    },
    dispose: () => void order.push('dispose'),
  };
}

/** Recording setups (the real single-instance lock, preferences and quit). */
function recordingSetups(order: string[], daemon: ShellDaemon, contexts: Record<string, ShellContext>): Partial<ShellSetups> {
  const record = (name: string) => (ctx: ShellContext): void => {
    order.push(name);
    contexts[name] = ctx;
  };
  return {
    setupDaemon: (ctx) => {
      order.push('setupDaemon');
      expect('daemon' in ctx).toBe(false);
      return daemon;
    },
    setupWindow: (ctx) => {
      order.push('setupWindow');
      expect(ctx.daemon).toBe(daemon);
      return { show: (route?: string) => void order.push(`show(${route ?? ''})`) };
    },
    setupIpc: record('setupIpc'),
    setupTray: (ctx) => {
      record('setupTray')(ctx);
      ctx.lifecycle.onQuit(() => void order.push('tray step'));
    },
    setupNotifications: (ctx) => {
      record('setupNotifications')(ctx);
      ctx.lifecycle.onQuit(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        order.push('notifications step');
      });
    },
    setupPower: record('setupPower'),
    setupLoginItem: (ctx) => record('setupLoginItem')(ctx),
  };
}

function start(app: FakeApp, home: string, setups: Partial<ShellSetups>, argv: string[] = ['/opt/Tickwork/tickwork']): Promise<boolean> {
  const electron = { app } as unknown as ElectronSurface;
  return startShell({
    electron, env: { TICKWORK_HOME: home }, platform: 'linux', argv, log: () => undefined, execPath: '/opt/Tickwork/tickwork',
    paths: { cliEntry: '/opt/Tickwork/dist/cli.cjs', preload: '/opt/Tickwork/dist/app/preload.cjs', resources: '/opt/Tickwork/resources' },
    loginProgram: { program: '/opt/Tickwork/tickwork', programArgs: [] },
    setups,
  });
}

describe('startShell', () => {
  it('takes the lock, reads the preferences, waits for ready, then sets up every feature in order on one context', async () => {
    const { home } = tempWorld();
    fs.writeFileSync(path.join(home, 'app-preferences.json'), JSON.stringify({ keepRunningOnQuit: false, projects: ['/p/tickwork.yaml'] }));
    const app = new FakeApp();
    const order: string[] = [];
    const contexts: Record<string, ShellContext> = {};
    const started = start(app, home, recordingSetups(order, fakeDaemon(Promise.resolve(), order), contexts), ['/opt/Tickwork/tickwork', '--hidden']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'whenReady']);
    expect(order).toEqual([]); // nothing before Electron is ready
    app.becomeReady();
    expect(await started).toBe(true);
    expect(order).toEqual(['setupDaemon', 'setupWindow', 'setupIpc', 'setupTray', 'setupNotifications', 'setupPower', 'setupLoginItem']);
    const ctx = contexts.setupTray!;
    expect(Object.values(contexts).every((c) => c.daemon === ctx.daemon && c.windows === ctx.windows && c.prefs === ctx.prefs)).toBe(true);
    expect(ctx.homeRoot).toBe(home);
    expect(ctx.startHidden).toBe(true);
    expect(ctx.prefs.get()).toMatchObject({ keepRunningOnQuit: false, projects: ['/p/tickwork.yaml'] });
    // A tray app: closing the last window is listened to (so Electron does not quit) and quits nothing.
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.calls).not.toContain('quit');
    // A second launch focuses this one.
    app.emit('second-instance', {}, ['/opt/Tickwork/tickwork', '--hidden'], '/');
    expect(order.at(-1)).toBe('setupLoginItem'); // the login item of a running app: stays hidden
    app.emit('second-instance', {}, ['/opt/Tickwork/tickwork'], '/');
    expect(order.at(-1)).toBe('show()');
  });

  it('quits at once, setting nothing up, when another instance holds the lock', async () => {
    const { home } = tempWorld();
    const app = new FakeApp();
    app.lock = false;
    const order: string[] = [];
    expect(await start(app, home, recordingSetups(order, fakeDaemon(Promise.resolve(), order), {}))).toBe(false);
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(order).toEqual([]);
  });

  it('holds quit until the lifecycle steps (last first) and the daemon policy are done, then exits 0 once', async () => {
    const { home } = tempWorld();
    fs.writeFileSync(path.join(home, 'app-preferences.json'), JSON.stringify({ keepRunningOnQuit: false }));
    const app = new FakeApp();
    const order: string[] = [];
    const stop = deferred();
    const stopping = deferred();
    const started = start(app, home, recordingSetups(order, fakeDaemon(stop.promise, order, stopping.resolve), {}));
    app.becomeReady();
    await started;
    order.length = 0;

    let prevented = 0;
    const quit = (): void => void app.emit('before-quit', { preventDefault: () => void prevented++ });
    quit();
    expect(prevented).toBe(1);
    await stopping.promise; // the policy now waits on the daemon's graceful stop
    await new Promise((resolve) => setImmediate(resolve)); // every ready continuation has run: an early exit would have happened
    expect(order).toEqual(['notifications step', 'tray step', 'dispose', 'stopOwnDaemon']);
    expect(app.calls).not.toContain('exit(0)');
    quit(); // asked again while the daemon stops: held, nothing runs twice
    expect(prevented).toBe(2);
    stop.resolve();
    expect(await app.exited).toBe(0);
    expect(order).toEqual(['notifications step', 'tray step', 'dispose', 'stopOwnDaemon']);
    expect(app.calls.filter((c) => c.startsWith('exit'))).toEqual(['exit(0)']);
  });
});
