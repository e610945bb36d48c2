/** Picks the attempt launcher for this machine (see local-executor.ts). */
import { HAS_PROC } from './process-tree.js';
import { ShLauncher } from './sh-launcher.js';
import { directExecutor } from './direct-launch.js';
import type { Executor } from './local-executor.js';

/** Which launcher to use. */
export type LauncherKind = 'sh' | 'direct';

/** `TICKWORK_LAUNCHER` if set, else the sh launcher where /proc can find an attempt's processes, else direct spawn. */
export function defaultLauncherKind(env: NodeJS.ProcessEnv = process.env): LauncherKind {
  if (env.TICKWORK_LAUNCHER === 'direct' || env.TICKWORK_LAUNCHER === 'sh') return env.TICKWORK_LAUNCHER;
  return HAS_PROC ? 'sh' : 'direct';
}

/** A fresh executor of the given kind. */
export function createExecutor(kind: LauncherKind = defaultLauncherKind()): Executor {
  return kind === 'sh' ? new ShLauncher() : directExecutor;
}
