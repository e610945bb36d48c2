/** Picks the attempt launcher for this machine (see local-executor.ts). */
import fs from 'node:fs';
import { HAS_PROC } from './process-tree.js';
import { ShLauncher } from './sh-launcher.js';
import { directExecutor } from './direct-launch.js';
import type { Executor } from './local-executor.js';

/**
 * Which launcher to use: `sh` (a /bin/sh launcher: fastest), `bash` (a bash
 * launcher with job control: each attempt its own process group) or `direct`
 * (Node's spawn from the engine: process groups, no launcher process).
 */
export type LauncherKind = 'sh' | 'bash' | 'direct';

const KINDS: readonly LauncherKind[] = ['sh', 'bash', 'direct'];

/** `TICKWORK_LAUNCHER` if set, else `sh` where /proc can find an attempt's processes, else `direct`. */
export function defaultLauncherKind(env: NodeJS.ProcessEnv = process.env): LauncherKind {
  const wanted = env.TICKWORK_LAUNCHER as LauncherKind | undefined;
  if (wanted && KINDS.includes(wanted)) return wanted;
  return HAS_PROC ? 'sh' : 'direct';
}

/** A fresh executor of the given kind (bash falls back to direct where bash is missing). */
export function createExecutor(kind: LauncherKind = defaultLauncherKind()): Executor {
  if (kind === 'sh') return new ShLauncher('/bin/sh');
  if (kind === 'bash' && fs.existsSync('/bin/bash')) return new ShLauncher('/bin/bash');
  return directExecutor;
}
