/**
 * What every `setupX()` of the shell receives: the Electron surface, where
 * things are, the preferences, the link to the home's daemon, the dashboard
 * window and the lifecycle hooks quit awaits. Built once by `main.ts`.
 */
import type { ApiEvent, ApiMethod, ApiMethods, DesktopNotification } from '../../shared/api-contract.js';
import type { ElectronSurface } from './electron-surface.js';
import type { ShellPreferences } from '../../shared/shell-preferences.js';

/** Where the shell finds its parts on disk (packaged or from a checkout). */
export interface ShellPaths {
  /** The bundled CLI (`dist/cli.cjs`): the daemon's entry, run as `up --project …` in a utility process. */
  readonly cliEntry: string;
  /** The bundled preload script (`dist/app/preload.cjs`). */
  readonly preload: string;
  /** `resources/`: tray icons and template images. */
  readonly resources: string;
}

/** The shell's persisted choices (shared/shell-preferences.ts, so the renderer's Preferences view shares the type). */
export type { ShellPreferences };

/** Reads and changes the preferences; listeners hear every change. */
export interface PreferencesStore {
  get(): ShellPreferences;
  set(patch: Partial<ShellPreferences>): ShellPreferences;
  onChange(listener: (prefs: ShellPreferences) => void): () => void;
}

/** Where the connected daemon's API listens, and its bearer token. */
export interface DaemonEndpoint {
  readonly port: number;
  readonly token: string;
  /** `http://127.0.0.1:PORT`: the only origin the window may show. */
  readonly origin: string;
}

/** The shell's link to the home's daemon (attached to, or started in a utility process). */
export interface DaemonLink {
  /** The connected daemon, or null while it is unreachable. */
  current(): DaemonEndpoint | null;
  /** Calls one API method of the connected daemon; rejects while unreachable. */
  call<M extends ApiMethod>(method: M, params: ApiMethods[M]['params']): Promise<ApiMethods[M]['result']>;
  /** Journal events from the daemon's stream; returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Connection changes (true: connected to a daemon, false: lost it); returns the unsubscribe. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /**
   * Desktop deliveries the daemon pushes (`notification` messages of the
   * stream, which the link opens with `desktop=claim` so the daemon's
   * node-notifier stays quiet while the app is connected); returns the unsubscribe.
   */
  onNotification(listener: (notification: DesktopNotification) => void): () => void;
}

/** The dashboard window. */
export interface DashboardWindows {
  /** Opens (or focuses) the dashboard at `route` (e.g. `/runs/12?task=metrics`; default the current page or `/`). */
  show(route?: string): void;
  /** The id of the dashboard window's webContents, or null while none is open (IPC answers only it; absent: none). */
  contentsId?(): number | null;
}

/** Work quit waits for, in registration order reversed (last set up, first torn down). */
export interface ShellLifecycle {
  onQuit(step: () => Promise<void> | void): void;
}

/** See the file comment. */
export interface ShellContext {
  readonly electron: ElectronSurface;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeRoot: string;
  readonly paths: ShellPaths;
  readonly log: (line: string) => void;
  readonly prefs: PreferencesStore;
  readonly daemon: DaemonLink;
  readonly windows: DashboardWindows;
  readonly lifecycle: ShellLifecycle;
  /** Started hidden (at login): no window until the user asks for one. */
  readonly startHidden: boolean;
}
