/**
 * The Logs view's calls: windows of an attempt's log, search and first
 * error (the daemon scans, so they work on a 1 GB log), and the download
 * URL. A search the daemon answers "not yet" (it scans a couple of seconds
 * per call) is asked again from where it stopped until it is done, telling
 * `onProgress` how far it got; the signal stops it, and the daemon with it.
 */
import type { LogFirstErrorParams, LogSearchAnswer, LogSearchParams, LogTarget, LogWindow, LogWindowParams } from '../../shared/log-model.js';
import { call } from './client.js';

/** One window of lines (logs.window). */
export function fetchLogWindow(params: LogWindowParams, signal?: AbortSignal): Promise<LogWindow> {
  return call('logs.window', params, signal);
}

/** Where a long search got to: the fraction of the log scanned (0..1). */
export type SearchProgress = (scanned: number) => void;

/** The next or previous match (logs.search), asked again until the daemon is done. */
export async function searchLogLines(params: LogSearchParams, options: { signal?: AbortSignal; onProgress?: SearchProgress } = {}): Promise<LogSearchAnswer> {
  return untilDone((fromByte) => call('logs.search', { ...params, fromByte }, options.signal), params.fromByte, params.direction, options.onProgress);
}

/** The first error line at or after fromByte (logs.firstError), asked again until the daemon is done. */
export async function findFirstError(params: LogFirstErrorParams, options: { signal?: AbortSignal; onProgress?: SearchProgress } = {}): Promise<LogSearchAnswer> {
  return untilDone((fromByte) => call('logs.firstError', { ...params, fromByte }, options.signal), params.fromByte ?? 0, 'next', options.onProgress);
}

/** The URL that downloads the attempt's log as a file (same-origin: the session cookie authenticates it). */
export function logDownloadUrl(target: LogTarget): string {
  const query = new URLSearchParams({ run: String(target.run), task: target.task });
  if (target.attempt !== undefined) query.set('attempt', String(target.attempt));
  return `/api/logs/download?${query}`;
}

async function untilDone(ask: (fromByte: number) => Promise<LogSearchAnswer>, from: number, direction: 'next' | 'prev', onProgress?: SearchProgress): Promise<LogSearchAnswer> {
  let answer = await ask(from);
  while (!answer.done) {
    const span = direction === 'next' ? answer.size - from : from;
    onProgress?.(span > 0 ? Math.abs(answer.scannedTo - from) / span : 1);
    answer = await ask(answer.scannedTo);
  }
  return answer;
}
