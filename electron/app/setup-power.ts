/** Sets up passes powerMonitor suspend/resume/clock changes to the daemon (power-bridge.ts) and holds a powerSaveBlocker for keep_awake runs. */
import type { ShellContext } from './shell-context.js';

/** See the file comment. (Skeleton: its owner fills it in.) */
export function setupPower(_ctx: ShellContext): void {}
