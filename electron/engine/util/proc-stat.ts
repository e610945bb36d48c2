/**
 * Reads /proc/PID/stat (Linux). The command name (field 2) may hold spaces and
 * parentheses, so the fields are split after its last ')': index 0 is field 3
 * of proc(5) (the state), i.e. field N is at index N - 3.
 */
import fs from 'node:fs';

/** The fields of /proc/PID/stat from field 3 on, or null when the pid is gone (or there is no /proc). */
export function procStatFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
