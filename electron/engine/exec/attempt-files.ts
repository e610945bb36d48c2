/**
 * Where an attempt's traces live. Each attempt has its own log file
 * (`logs/<run>/<pipeline>.<n>.log`); pids and exit statuses of all attempts of
 * a run share one append-only status file (`logs/<run>/attempts.status`,
 * lines `<attemptId> pid <pid>` and `<attemptId> exit <status>`), because
 * creating inodes is the dominant per-task cost on some filesystems and one
 * new file per task (the log) is the floor.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Name of the per-run status file. */
export const STATUS_FILE = 'attempts.status';

/** The log file of attempt `number` of `pipeline` in run `runId`. */
export function attemptLogPath(logsDir: string, runId: number, pipeline: string, number: number): string {
  return path.join(logsDir, String(runId), `${pipeline}.${number}.log`);
}

/** The status file shared by the attempts whose logs sit beside `logPath`. */
export function statusPathOf(logPath: string): string {
  return path.join(path.dirname(logPath), STATUS_FILE);
}

/** What the wrapper of one attempt recorded: its pid and, once done, its exit status. */
export interface AttemptStatus {
  readonly pid: number | null;
  /** The exit status (128 + N for a process killed by signal N). */
  readonly exit: number | null;
  /** Present when the process was killed by this signal number (native launcher). */
  readonly signal?: number;
}

/** Reads the recorded pid/exit of `attemptId` from the status file beside `logPath`. */
export function readAttemptStatus(logPath: string, attemptId: number): AttemptStatus {
  let text: string;
  try {
    text = fs.readFileSync(statusPathOf(logPath), 'utf8');
  } catch {
    return { pid: null, exit: null };
  }
  let pid: number | null = null;
  let exit: number | null = null;
  let signal: number | undefined;
  const prefix = `${attemptId} `;
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const match = /^\d+ (pid|exit|signal) (\d+)$/.exec(line);
    if (!match) continue;
    if (match[1] === 'pid') pid = Number(match[2]);
    else if (match[1] === 'exit') exit = Number(match[2]);
    else {
      signal = Number(match[2]);
      exit = 128 + signal;
    }
  }
  return signal === undefined ? { pid, exit } : { pid, exit, signal };
}

/**
 * An attempt's pid: the one the store recorded, else the status file's (the
 * engine writes pids to the store lazily; the wrapper writes the status file
 * from its first instant), else 0 (not started, or no record yet).
 */
export function attemptPid(attempt: { readonly id: number; readonly logPath: string; readonly pid: number | null }): number {
  return attempt.pid ?? readAttemptStatus(attempt.logPath, attempt.id).pid ?? 0;
}
