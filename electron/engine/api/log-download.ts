/**
 * GET /api/logs/download?run=ID&task=P[&attempt=N]: an attempt's log file as
 * an attachment (the Logs view's Download), streamed with back-pressure, as
 * it is on disk at the moment of the request (a running attempt's log up to
 * then). Unknown run, task or attempt: 404; a malformed number: 400.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { Db } from '../store/open-store.js';
import { findLogAttempt } from '../logs/log-attempt.js';
import { HttpError } from './http-error.js';

/** Answers the download request `query` on `res`. */
export function downloadLog(db: Db, query: URLSearchParams, res: http.ServerResponse): void {
  const run = positive(query, 'run', true)!;
  const task = query.get('task');
  if (!task) throw new HttpError(400, 'task must be a pipeline name');
  const attempt = positive(query, 'attempt', false);
  const found = findLogAttempt(db, { run, task, ...(attempt !== undefined ? { attempt } : {}) });
  if ('missing' in found) throw new HttpError(404, found.missing);
  let size = 0;
  try {
    size = fs.statSync(found.attempt.logPath).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const name = `run-${run}-${task}-attempt-${found.attempt.number}.log`;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(size),
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'cache-control': 'no-store',
  });
  if (size === 0) return void res.end();
  const stream = fs.createReadStream(found.attempt.logPath, { start: 0, end: size - 1 });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/** A query number ≥ 1 (absent: undefined, or a 400 when `required`). */
function positive(query: URLSearchParams, name: string, required: boolean): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') {
    if (required) throw new HttpError(400, `${name} is required`);
    return undefined;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new HttpError(400, `${name} must be a whole number ≥ 1, not ${text}`);
  return value;
}
