/** Sets up native notifications for alerts (notification-router.ts), taking the daemon's desktop channel while connected. */
import type { ShellContext } from './shell-context.js';

/** See the file comment. (Skeleton: its owner fills it in.) */
export function setupNotifications(_ctx: ShellContext): void {}
