/**
 * Quitting: closing the last window does not quit (a tray app lives in the
 * tray); `before-quit` is held (preventDefault) while the lifecycle steps run
 * (last registered first, each awaited, a failing one logged and skipped)
 * and then the daemon is settled per quit-policy.ts; then app.exit(0). A
 * second quit request while that runs is held too and changes nothing.
 */
import type { ShellContext } from './shell-context.js';
import type { ShellDaemon } from './daemon-link.js';
import type { QuitStep } from './shell-lifecycle.js';
import { quitPolicy, type QuitAction } from './quit-policy.js';
import { settleDaemon } from './daemon-handover.js';

/** What setupQuit needs besides the context. */
export interface QuitOptions {
  readonly daemon: ShellDaemon;
  /** The lifecycle steps in the order to run them. */
  readonly steps: () => readonly QuitStep[];
  /** The app's binary, for the hand-over (`process.execPath`). */
  readonly execPath: string;
  /** Performs the daemon's quit action (default: settleDaemon). */
  readonly settle?: (action: QuitAction) => Promise<void>;
}

/** See the file comment. */
export function setupQuit(ctx: ShellContext, options: QuitOptions): void {
  const { app } = ctx.electron;
  const settle = options.settle ?? ((action: QuitAction) => settleDaemon(action, { daemon: options.daemon, execPath: options.execPath, homeRoot: ctx.homeRoot, log: ctx.log }));
  app.on('window-all-closed', () => {
    // Listening is what keeps Electron from quitting: the app stays in the tray.
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    void (async () => {
      for (const step of options.steps()) {
        try {
          await step();
        } catch (error) {
          ctx.log(`quit: a shutdown step failed: ${(error as Error).stack ?? String(error)}`);
        }
      }
      try {
        await settle(quitPolicy({ keepRunningOnQuit: ctx.prefs.get().keepRunningOnQuit, owner: options.daemon.owner() }));
      } catch (error) {
        ctx.log(`quit: could not settle the daemon: ${(error as Error).message}`);
      }
      app.exit(0);
    })();
  });
}
