/**
 * The shell's one event stream from the daemon: GET /api/events?after=SEQ
 * &desktop=claim with the bearer token, so the daemon's desktop deliveries
 * arrive here (`notification` messages) instead of through node-notifier
 * while the app is connected, beside the journal events. Unlike the CLI's
 * subscribeEvents it tells the two message kinds apart.
 */
import http from 'node:http';
import type { ApiEvent, DesktopNotification } from '../../shared/api-contract.js';
import type { DaemonEndpoint } from './shell-context.js';
import { parseSse } from '../cli/daemon-client.js';

export { parseSse, type SseMessage } from '../cli/daemon-client.js';

/** What the stream hands on. */
export interface StreamHandlers {
  readonly onEvent: (event: ApiEvent) => void;
  readonly onNotification: (notification: DesktopNotification) => void;
  /** The stream is open: HTTP 200 (with `after: 'now'`: once the head is known, so a resume never falls back to 'now'). */
  readonly onOpen: () => void;
  /** With `after: 'now'`: the journal position the stream starts at. */
  readonly onHead: (seq: number) => void;
  /** Once, however it breaks (refused, non-200, closed by the daemon); never after close(). */
  readonly onBroken: (reason: string) => void;
}

/** An open stream. */
export interface DaemonStream {
  close(): void;
}

/** Opens the stream after journal position `after` ('now': the journal's head, said in a first `head` message). */
export function openDaemonStream(endpoint: DaemonEndpoint, after: number | 'now', handlers: StreamHandlers): DaemonStream {
  let done = false;
  const broken = (reason: string): void => {
    if (done) return;
    done = true;
    handlers.onBroken(reason);
  };
  const req = http.get(
    { host: '127.0.0.1', port: endpoint.port, path: `/api/events?after=${after}&desktop=claim`, headers: { authorization: `Bearer ${endpoint.token}` } },
    (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        broken(`the event stream answered HTTP ${res.statusCode}`);
        return;
      }
      if (after !== 'now') handlers.onOpen();
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const parsed = parseSse(buffer + chunk);
        buffer = parsed.rest;
        for (const message of parsed.messages) {
          if (done) return;
          if (message.event === 'notification') handlers.onNotification(JSON.parse(message.data) as DesktopNotification);
          else if (message.event === 'head') {
            handlers.onHead((JSON.parse(message.data) as { seq: number }).seq);
            handlers.onOpen();
          }
          else handlers.onEvent(JSON.parse(message.data) as ApiEvent);
        }
      });
      res.on('error', (error) => broken(error.message));
      // A killed daemon's socket just closes: no 'end', and no request 'error' once the response has begun.
      res.on('close', () => broken('the daemon closed the event stream'));
    },
  );
  req.on('error', (error) => broken(error.message));
  return {
    close() {
      done = true;
      req.destroy();
    },
  };
}
