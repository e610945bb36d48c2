/** Sets up the dashboard window: sandboxed, context-isolated, limited to the daemon's origin, signed in to it. */
import type { DashboardWindows, ShellContext } from './shell-context.js';

/** See the file comment. (Skeleton: its owner fills it in.) */
export function setupWindow(_ctx: Omit<ShellContext, 'windows'>): DashboardWindows {
  return { show: () => undefined };
}
