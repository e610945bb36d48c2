/**
 * Sets up the native actions of shared/shell-contract.ts: one
 * `ipcMain.handle` per contract method, each behind the guard of
 * ipc-guard.ts (the dashboard window's webContents, the daemon's origin,
 * valid params). Reveal a log → the file manager; open a tickwork.yaml at a
 * line → the user's editor (argv, never a shell) or the system's opener;
 * preferences → the preferences store (never its `projects`).
 */
import { spawn } from 'node:child_process';
import { SHELL_METHODS, shellChannel, type ShellMethod, type ShellOutcome, type ShellParams, type ShellResult } from '../../shared/shell-contract.js';
import type { DesktopPreferences, ShellPreferences } from '../../shared/shell-preferences.js';
import { editorCommand } from './editor-command.js';
import { guardedHandler } from './ipc-guard.js';
import { attemptLogFile, projectFileProblem } from './native-actions.js';
import type { ShellContext } from './shell-context.js';

type Actions = { readonly [M in ShellMethod]: (params: ShellParams<M>) => Promise<ShellResult<M>> };

/** See the file comment. */
export function setupIpc(ctx: ShellContext): void {
  const actions = nativeActions(ctx);
  const allowed = () => ({ origin: ctx.daemon.current()?.origin ?? null, contentsId: ctx.windows.contentsId?.() ?? null });
  for (const method of SHELL_METHODS) register(ctx, method, actions, allowed);
  ctx.lifecycle.onQuit(() => {
    for (const method of SHELL_METHODS) ctx.electron.ipcMain.removeHandler(shellChannel(method));
  });
}

function register<M extends ShellMethod>(ctx: ShellContext, method: M, actions: Actions, allowed: () => { origin: string | null; contentsId: number | null }): void {
  const handler = guardedHandler({ method, allowed, run: actions[method], log: ctx.log });
  ctx.electron.ipcMain.handle(shellChannel(method), (event, raw: unknown) => handler(event, raw));
}

/** What each method does once the guard let the call through. */
function nativeActions(ctx: ShellContext): Actions {
  return {
    revealLog: async (params) => {
      const found = attemptLogFile(ctx.homeRoot, params);
      if ('problem' in found) return { done: false, problem: found.problem };
      ctx.electron.shell.showItemInFolder(found.file);
      return { done: true };
    },
    openInEditor: async (params) => {
      const problem = await projectFileProblem(ctx.daemon, params.file).catch((error: Error) => `the daemon does not answer (${error.message})`);
      if (problem !== null) return { done: false, problem };
      const command = editorCommand(ctx.env, ctx.platform, params);
      if (command.kind === 'spawn') {
        const started = await startDetached(command.program, command.args);
        if (started === true) return { done: true };
        ctx.log(`open in editor: ${command.program} did not start (${started}); using the system's opener`);
      }
      return openPath(ctx, params.file);
    },
    getPreferences: async () => desktopPart(ctx.prefs.get()),
    setPreferences: async (patch) => desktopPart(ctx.prefs.set(patch)),
  };
}

function desktopPart(prefs: ShellPreferences): DesktopPreferences {
  return { launchAtLogin: prefs.launchAtLogin, keepRunningOnQuit: prefs.keepRunningOnQuit, notify: prefs.notify };
}

async function openPath(ctx: ShellContext, file: string): Promise<ShellOutcome> {
  const failure = await ctx.electron.shell.openPath(file);
  return failure === '' ? { done: true } : { done: false, problem: `could not open ${file}: ${failure}` };
}

/** Starts `program` detached from the app (it outlives it); true once started, else why not. */
function startDetached(program: string, args: readonly string[]): Promise<true | string> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { detached: true, stdio: 'ignore', shell: false });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? 'not found' : error.message));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
