/**
 * The part of Electron's main-process API the shell uses. `entry.ts` hands
 * the real `electron` module to `startShell`; tests hand a fake with the same
 * shape, so every setup step and its order can be checked without Electron.
 */
import type * as Electron from 'electron';

/** Electron's main-process modules the shell touches (and nothing else). */
export type ElectronSurface = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'Notification'
  | 'nativeImage'
  | 'ipcMain'
  | 'powerMonitor'
  | 'powerSaveBlocker'
  | 'shell'
  | 'utilityProcess'
  | 'session'
  | 'dialog'
>;
