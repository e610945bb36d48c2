/**
 * One daemon per Tickwork home: `daemon.json` names the running daemon (pid
 * and start token). It is created exclusively; a file left by a daemon that
 * died (kill -9) is recognised by its dead pid and taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isSameProcessAlive, processStartToken } from '../util/process-probe.js';

/** What daemon.json holds. */
export interface DaemonInfo {
  readonly pid: number;
  readonly start: string;
  readonly startedAt: number;
}

/** The lock file of a home. */
export function daemonLockPath(homeRoot: string): string {
  return path.join(homeRoot, 'daemon.json');
}

/** The running daemon of a home, or null when none is alive. */
export function runningDaemon(homeRoot: string): DaemonInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(daemonLockPath(homeRoot), 'utf8')) as DaemonInfo;
    return isSameProcessAlive(info.pid, info.start || null) ? info : null;
  } catch {
    return null;
  }
}

/** Takes the lock for this process; returns the other daemon when one is alive. */
export function acquireDaemonLock(homeRoot: string): { ok: true } | { ok: false; holder: DaemonInfo } {
  const file = daemonLockPath(homeRoot);
  const mine: DaemonInfo = { pid: process.pid, start: processStartToken(process.pid), startedAt: Date.now() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      return { ok: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = runningDaemon(homeRoot);
      if (holder) return { ok: false, holder };
      fs.rmSync(file, { force: true }); // left behind by a daemon that died
    }
  }
  const holder = runningDaemon(homeRoot);
  return holder ? { ok: false, holder } : { ok: true };
}

/** Removes the lock if it is still ours. */
export function releaseDaemonLock(homeRoot: string): void {
  try {
    const info = JSON.parse(fs.readFileSync(daemonLockPath(homeRoot), 'utf8')) as DaemonInfo;
    if (info.pid === process.pid) fs.rmSync(daemonLockPath(homeRoot), { force: true });
  } catch {
    // already gone
  }
}
