/** Human progress lines for engine events (`run --wait`, `resume`). */
import type { EngineEvent } from '../engine/run/engine.js';
import { formatMs } from '../../shared/durations.js';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string): string => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * An event to print, with when it happened when that is known: the journal's
 * time of an event followed through the daemon, which arrive in bursts, so
 * their arrival time would time a 30 ms task as 0 ms. Without it: now (an
 * engine in this process reports each transition as it commits it).
 */
export type ProgressEvent = EngineEvent & { readonly at?: number };

/** One line describing an event, or null for events not worth a line; `label` prefixes a task's or note's line (`[region=EU] ✗ metrics`). */
export function progressLine(event: ProgressEvent, startedAt: ReadonlyMap<string, number>, label?: string): string | null {
  if (event.type === 'run') {
    if (event.to === 'running') return `run ${event.runId} started`;
    const mark = event.to === 'succeeded' ? paint(32, 'succeeded') : paint(31, event.to);
    return `run ${event.runId} ${mark}${event.reason ? ` (${event.reason})` : ''}`;
  }
  if (event.type === 'note') return `  ${label ? `[${label}] ` : ''}${paint(36, '·')} ${event.pipeline}: ${event.message}`;
  const line = taskLine(event, event.at ?? Date.now(), startedAt);
  return line !== null && label ? line.replace(/^ {2}/, `  [${label}] `) : line;
}

function taskLine(event: Extract<EngineEvent, { type: 'task' }>, at: number, startedAt: ReadonlyMap<string, number>): string | null {
  const name = event.pipeline;
  const since = startedAt.get(`${event.runId}/${name}`);
  const took = since !== undefined ? ` ${formatMs(Math.max(0, at - since))}` : '';
  switch (event.to) {
    case 'running':
      return `  ▶ ${name}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'succeeded':
      return `  ${paint(32, '✓')} ${name}${took}`;
    case 'failed':
      return `  ${paint(31, '✗')} ${name}${took}: ${event.reason ?? 'failed'}`;
    case 'retry_wait':
      return `  ${paint(33, '↻')} ${name}: ${event.reason ?? 'will retry'}`;
    case 'skipped':
      return `  ${paint(33, '↷')} ${name} skipped: ${event.reason ?? ''}`;
    case 'cached':
      return `  = ${name} reused: ${event.reason ?? ''}`;
    case 'upstream_failed':
      return `  ${paint(90, '⊘')} ${name} not run: ${event.reason ?? 'upstream failed'}`;
    case 'cancelled':
      return `  ${paint(90, '⊘')} ${name} cancelled`;
    default:
      return null;
  }
}

/** Options of progressPrinter. */
export interface ProgressOptions {
  /** The last lines a failed task printed (see failedTaskOutput), shown indented under its `✗` line. */
  readonly failureOutput?: (runId: number, pipeline: string) => readonly string[];
  /** runId → the label that prefixes its task lines when several runs are followed (run-header.ts runLabels). */
  readonly labels?: ReadonlyMap<number, string>;
}

/** Prints progress lines, remembering when each task started. */
export function progressPrinter(write: (line: string) => void, options: ProgressOptions = {}): (event: ProgressEvent) => void {
  const startedAt = new Map<string, number>();
  return (event) => {
    const line = progressLine(event, startedAt, options.labels?.get(event.runId));
    if (event.type === 'task' && event.to === 'running') startedAt.set(`${event.runId}/${event.pipeline}`, event.at ?? Date.now());
    if (line) write(line);
    if (event.type === 'task' && event.to === 'failed' && options.failureOutput) {
      for (const output of options.failureOutput(event.runId, event.pipeline)) {
        // Tickwork's own note in the log (`tickwork: command not found: …`) is the reason just printed: once is enough.
        if (output.startsWith('tickwork: ') && event.reason?.includes(output.slice('tickwork: '.length))) continue;
        write(`      ${output}`);
      }
    }
  };
}
