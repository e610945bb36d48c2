/** Sets up the tray/menubar icon, title and menu (tray-model.ts), fed by the daemon's event stream. */
import type { ShellContext } from './shell-context.js';

/** See the file comment. (Skeleton: its owner fills it in.) */
export function setupTray(_ctx: ShellContext): void {}
