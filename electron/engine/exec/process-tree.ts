/**
 * Finding every process that belongs to an attempt, on Linux via /proc.
 *
 * Attempts started by the sh launcher share its process group, so they are
 * found (a) by walking the process tree below the wrapper and (b) by the
 * attempt's marker in the environment (`TICKWORK_LOG_FILE=<log path>`, unique
 * per attempt and inherited by every descendant), which also catches
 * grandchildren orphaned to init — the technique Jenkins' ProcessTreeKiller
 * uses. Elsewhere (no /proc) attempts are process-group leaders instead.
 */
import fs from 'node:fs';
import { procStatFields } from '../util/proc-stat.js';

/** True when /proc can answer the questions below. */
export const HAS_PROC = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/** The environment marker that identifies an attempt's processes. */
export function attemptMarker(logPath: string): string {
  return `TICKWORK_LOG_FILE=${logPath}`;
}

/** True when `pid` exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!HAS_PROC) return true;
  return processState(pid) !== 'Z';
}

/** The one-letter state of a process (R, S, Z, …) or '' when it is gone. */
export function processState(pid: number): string {
  return procStatFields(pid)?.[0] ?? '';
}

/** The process group id of `pid` (field 5), or 0 when unknown. */
export function processGroupOf(pid: number): number {
  return Number(procStatFields(pid)?.[2] ?? 0);
}

/** True when the live process `pid` carries the attempt marker (pid reuse cannot fool this). */
export function hasMarker(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
  } catch {
    return false;
  }
}

/** `pid` and all its descendants (Linux). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop()!;
    out.push(current);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${current}/task/${tid}/children`, 'utf8').trim();
        if (children) for (const child of children.split(' ')) queue.push(Number(child));
      } catch {
        // the task ended while we looked
      }
    }
  }
  return out;
}

/** Every live process whose environment carries `marker` (Linux; skips ourselves). */
export function processesWithMarker(marker: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (hasMarker(pid, marker)) out.push(pid);
  }
  return out;
}
