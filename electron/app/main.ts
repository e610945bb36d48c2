/**
 * The shell's start, in order: the single-instance lock (a second launch
 * focuses the first), the preferences, Electron ready, then one setupX per
 * feature: daemon, window, IPC, tray, notifications, power, login item,
 * quit. Electron comes in as an injected surface (entry.ts passes the real
 * module), and so may the setup functions, so tests drive this file on a fake.
 */
import type { ElectronSurface } from './electron-surface.js';
import type { DashboardWindows, PreferencesStore, ShellContext, ShellPaths } from './shell-context.js';
import type { ShellDaemon } from './daemon-link.js';
import { resolveHomeDir } from '../engine/home.js';
import { createLifecycle } from './shell-lifecycle.js';
import { startsHidden } from './login-item.js';
import { openPreferences, type PreferencesOptions } from './preferences.js';
import { setupSingleInstance } from './setup-single-instance.js';
import { setupDaemon, type DaemonSetupContext } from './setup-daemon.js';
import { setupWindow } from './setup-window.js';
import { setupIpc } from './setup-ipc.js';
import { setupTray } from './setup-tray.js';
import { setupNotifications } from './setup-notifications.js';
import { setupPower } from './setup-power.js';
import { setupLoginItem, type LoginProgram } from './setup-login-item.js';
import { setupQuit, type QuitOptions } from './setup-quit.js';

/** Every step startShell takes (the real ones by default). */
export interface ShellSetups {
  readonly setupSingleInstance: (app: ElectronSurface['app'], onSecondLaunch: () => void) => boolean;
  readonly openPreferences: (options: PreferencesOptions) => PreferencesStore;
  readonly setupDaemon: (ctx: DaemonSetupContext) => ShellDaemon;
  readonly setupWindow: (ctx: Omit<ShellContext, 'windows'>) => DashboardWindows;
  readonly setupIpc: (ctx: ShellContext) => void;
  readonly setupTray: (ctx: ShellContext) => void;
  readonly setupNotifications: (ctx: ShellContext) => void;
  readonly setupPower: (ctx: ShellContext) => void;
  readonly setupLoginItem: (ctx: ShellContext, program: LoginProgram) => void;
  readonly setupQuit: (ctx: ShellContext, options: QuitOptions) => void;
}

/** The real setup functions. */
export const SHELL_SETUPS: ShellSetups = {
  setupSingleInstance, openPreferences, setupDaemon, setupWindow, setupIpc, setupTray, setupNotifications, setupPower, setupLoginItem, setupQuit,
};

/** What startShell needs (entry.ts fills it from the real process). */
export interface ShellOptions {
  readonly electron: ElectronSurface;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly argv: readonly string[];
  readonly paths: ShellPaths;
  readonly log: (line: string) => void;
  /** The app binary (`process.execPath`): what the detached hand-over runs as Node. */
  readonly execPath: string;
  /** What the login item starts. */
  readonly loginProgram: LoginProgram;
  readonly setups?: Partial<ShellSetups>;
}

/** Starts the shell; resolves false when another instance runs (this one quits), true once every feature is set up. */
export async function startShell(options: ShellOptions): Promise<boolean> {
  const setups: ShellSetups = { ...SHELL_SETUPS, ...options.setups };
  const { app } = options.electron;
  let windows: DashboardWindows | undefined;
  if (!setups.setupSingleInstance(app, () => windows?.show())) return false;
  const homeRoot = resolveHomeDir({ ...options.env });
  const prefs = setups.openPreferences({ homeRoot, log: options.log });
  await app.whenReady();
  const lifecycle = createLifecycle();
  const base = {
    electron: options.electron, platform: options.platform, env: options.env, homeRoot, paths: options.paths, log: options.log, prefs, lifecycle,
    startHidden: startsHidden(options.argv, options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAsHidden),
  };
  const daemon = setups.setupDaemon(base);
  windows = setups.setupWindow({ ...base, daemon });
  const ctx: ShellContext = { ...base, daemon, windows };
  setups.setupIpc(ctx);
  setups.setupTray(ctx);
  setups.setupNotifications(ctx);
  setups.setupPower(ctx);
  setups.setupLoginItem(ctx, options.loginProgram);
  setups.setupQuit(ctx, { daemon, steps: lifecycle.steps, execPath: options.execPath });
  return true;
}
