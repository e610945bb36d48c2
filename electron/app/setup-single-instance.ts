/** One app per user: the first launch holds Electron's single-instance lock; a second launch focuses the first and quits. */
import type { App } from 'electron';

/** Takes the lock; false (and app.quit) when another instance holds it. `onSecondLaunch` runs in the first instance. */
export function setupSingleInstance(app: App, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondLaunch());
  return true;
}
