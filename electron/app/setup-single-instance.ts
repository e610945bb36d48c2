/** One app per user: the first launch holds Electron's single-instance lock; a second launch focuses the first and quits. */
import type { App } from 'electron';
import { HIDDEN_ARG } from './login-item.js';

/** Takes the lock; false (and app.quit) when another instance holds it. `onSecondLaunch` runs in the first instance. */
export function setupSingleInstance(app: App, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => {
    // The login item firing while the app already runs asks for nothing to be shown.
    if (!argv.includes(HIDDEN_ARG)) onSecondLaunch();
  });
  return true;
}
