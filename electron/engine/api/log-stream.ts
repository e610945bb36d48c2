/**
 * Live log tails over Server-Sent Events: GET /api/logs?run=ID&task=P
 * [&attempt=N][&offset=BYTES] streams one attempt's output (default: the
 * task's latest attempt) as `log` events carrying text chunks, from
 * `offset`, then an `end` event once the attempt has finished and its file
 * has been read to the end. The file is polled (every 100 ms) rather than
 * watched: fs.watch misses appends on some filesystems.
 */
import type http from 'node:http';
import type { Db } from '../store/open-store.js';
import type { AttemptRecord } from '../../../shared/run-model.js';
import { LogCursor } from '../util/log-cursor.js';
import { tasksOfRun } from '../store/task-store.js';
import { attemptsOfTask, getAttempt } from '../store/attempt-store.js';

/** Which attempt to tail. */
export interface LogQuery {
  readonly runId: number;
  readonly task: string;
  readonly attempt?: number;
  readonly offset?: number;
}

/** The attempt a query names, or a message saying why there is none. */
export function findAttempt(db: Db, query: LogQuery): AttemptRecord | string {
  const task = tasksOfRun(db, query.runId).find((t) => t.pipeline === query.task);
  if (!task) return `run ${query.runId} has no task ${query.task}`;
  const attempts = attemptsOfTask(db, task.id);
  const attempt = query.attempt === undefined ? attempts[attempts.length - 1] : attempts.find((a) => a.number === query.attempt);
  return attempt ?? `${query.task} of run ${query.runId} has no attempt ${query.attempt ?? 'yet'}`;
}

/** Streams the attempt's log to `res` until it ends or the client goes; returns a stop function. */
export function streamLog(db: Db, res: http.ServerResponse, attempt: AttemptRecord, offset = 0): () => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  // A cursor, not a bare offset: a capped log's tail moves when it is cut (log-cursor.ts).
  const cursor = new LogCursor(attempt.logPath, offset);
  const decoder = new TextDecoder();
  const send = (): boolean => {
    if (res.writableNeedDrain) return true; // the client is not reading: look again later rather than buffer its log in memory
    const finished = getAttempt(db, attempt.id)?.finishedAt != null;
    const chunk = cursor.read();
    if (chunk.length > 0) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) res.write(`event: log\ndata: ${JSON.stringify({ attempt: attempt.number, offset: cursor.offset, text })}\n\n`);
      if (!cursor.atEnd()) return true; // more than a chunk waiting
    }
    if (finished && cursor.atEnd()) {
      res.write(`event: end\ndata: ${JSON.stringify({ attempt: attempt.number, offset: cursor.offset })}\n\n`);
      res.end();
      return false;
    }
    return true;
  };
  let timer: NodeJS.Timeout | null = null;
  const stop = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  /** One look; a failure (the log removed under us, the store busy) ends this stream, never the daemon. */
  const look = (): boolean => {
    try {
      return send();
    } catch (error) {
      res.write(`event: error\ndata: ${JSON.stringify({ error: (error as Error).message })}\n\n`);
      res.end();
      return false;
    }
  };
  if (look()) timer = setInterval(() => look() || stop(), 100);
  res.on('close', stop);
  return stop;
}
