/**
 * Is a process (or process group) still the one we started?
 *
 * A bare pid is not an identity: after a reboot or a long sleep the kernel may
 * hand the same number to an unrelated process. On Linux we pair the pid with
 * its start time from /proc (field 22 of /proc/PID/stat, in clock ticks since
 * boot), which is unique per boot. Elsewhere the start token is empty and only
 * the pid is checked.
 */
import { procStatFields } from './proc-stat.js';

/** Start-time token of a live pid (field 22), or '' when the platform cannot tell or the pid is gone. */
export function processStartToken(pid: number): string {
  if (process.platform !== 'linux') return '';
  return procStatFields(pid)?.[19] ?? '';
}

/** True when `pid` is alive and, if a start token was recorded, is still the same process. */
export function isSameProcessAlive(pid: number, startToken: string | null): boolean {
  if (!isPidAlive(pid)) return false;
  if (!startToken) return true;
  const fields = procStatFields(pid);
  if (fields === null) return true; // no /proc to tell
  return fields[19] === startToken && fields[0] !== 'Z';
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
