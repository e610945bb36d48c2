/**
 * The object the preload exposes as `window.tickworkShell`, built by walking
 * shared/shell-contract.ts: one function per method, each a single
 * `ipcRenderer.invoke` on the method's channel (no other IPC, no Node, no
 * Electron object reaches the page). Kept apart from preload.ts so tests
 * build it with a fake `ipcRenderer`.
 */
import { SHELL_BRIDGE_KEY, SHELL_METHODS, shellChannel, type ShellBridge, type ShellMethod, type ShellParams, type ShellResult } from '../../shared/shell-contract.js';

/** The parts of Electron's renderer modules the preload touches. */
export interface PreloadElectron {
  readonly contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  readonly ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
}

/** The bridge object over `invoke`. */
export function buildShellBridge(invoke: PreloadElectron['ipcRenderer']['invoke']): ShellBridge {
  const entries = SHELL_METHODS.map((method) => [method, bridgeMethod(invoke, method)] as const);
  return Object.freeze(Object.fromEntries(entries)) as ShellBridge;
}

function bridgeMethod<M extends ShellMethod>(invoke: PreloadElectron['ipcRenderer']['invoke'], method: M): (params: ShellParams<M>) => Promise<ShellResult<M>> {
  // Only the params cross: never the IPC event or ipcRenderer itself.
  return (params) => invoke(shellChannel(method), params) as Promise<ShellResult<M>>;
}

/** Exposes the bridge in the page's main world. */
export function exposeShellBridge(electron: PreloadElectron): void {
  electron.contextBridge.exposeInMainWorld(SHELL_BRIDGE_KEY, buildShellBridge((channel, ...args) => electron.ipcRenderer.invoke(channel, ...args)));
}
