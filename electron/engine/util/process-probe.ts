/**
 * Is a process (or process group) still the one we started?
 *
 * A bare pid is not an identity: after a reboot or a long sleep the kernel may
 * hand the same number to an unrelated process. On Linux we pair the pid with
 * its start time from /proc (field 22 of /proc/PID/stat, in clock ticks since
 * boot), which is unique per boot. Elsewhere the start token is empty and only
 * the pid is checked.
 */
import fs from 'node:fs';

/** Start-time token of a live pid, or '' when the platform cannot tell or the pid is gone. */
export function processStartToken(pid: number): string {
  if (process.platform !== 'linux') return '';
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '';
  } catch {
    return '';
  }
}

/** True when `pid` is alive and, if a start token was recorded, is still the same process. */
export function isSameProcessAlive(pid: number, startToken: string | null): boolean {
  if (!isPidAlive(pid)) return false;
  if (!startToken) return true;
  const now = processStartToken(pid);
  return now === '' ? true : now === startToken && !isZombie(pid);
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
