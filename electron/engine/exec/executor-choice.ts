/** Picks the attempt launcher for this machine (see local-executor.ts). */
import fs from 'node:fs';
import { HAS_PROC } from './process-tree.js';
import { ShLauncher } from './sh-launcher.js';
import { NativeLauncher, findNativeLauncher } from './native-launcher.js';
import { directExecutor } from './direct-launch.js';
import type { Executor } from './local-executor.js';

/**
 * Which launcher to use: `native` (the built tickwork-launcher: posix_spawn,
 * each attempt its own process group; fastest), `sh` (a /bin/sh launcher that
 * forks a wrapper subshell per attempt), `bash` (the same with job control:
 * each attempt its own process group) or `direct` (Node's spawn from the
 * engine: process groups, no launcher process).
 */
export type LauncherKind = 'native' | 'sh' | 'bash' | 'direct';

const KINDS: readonly LauncherKind[] = ['native', 'sh', 'bash', 'direct'];

/** `TICKWORK_LAUNCHER` if set, else `native` when it was built, else `sh` where /proc can find an attempt's processes, else `direct`. */
export function defaultLauncherKind(env: NodeJS.ProcessEnv = process.env): LauncherKind {
  const wanted = env.TICKWORK_LAUNCHER as LauncherKind | undefined;
  if (wanted && KINDS.includes(wanted)) return wanted;
  if (findNativeLauncher(env) !== null) return 'native';
  return HAS_PROC ? 'sh' : 'direct';
}

/** A fresh executor of the given kind (native falls back to the next best where it was not built, bash to direct where bash is missing). */
export function createExecutor(kind: LauncherKind = defaultLauncherKind()): Executor {
  if (kind === 'native') {
    const binary = findNativeLauncher();
    if (binary !== null) return new NativeLauncher(binary);
    kind = HAS_PROC ? 'sh' : 'direct';
  }
  if (kind === 'sh') return new ShLauncher('/bin/sh');
  if (kind === 'bash' && fs.existsSync('/bin/bash')) return new ShLauncher('/bin/bash');
  return directExecutor;
}
