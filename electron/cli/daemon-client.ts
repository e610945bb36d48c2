/**
 * Talking to the running daemon of this home over its local API, so that
 * while a daemon runs, commands that change state go through it instead of
 * starting a second engine.
 */
import http from 'node:http';
import type { ApiMethod, ApiMethods } from '../../shared/api-contract.js';
import type { EventRecord } from '../../shared/run-model.js';
import { runningDaemon } from '../engine/daemon/daemon-lock.js';
import { readApiFiles } from '../engine/home.js';

/** Where the daemon's API listens, and its token. */
export interface DaemonApi {
  readonly port: number;
  readonly token: string;
}

/** The API of the daemon running for `homeRoot`, or null when none runs (or it does not serve yet). */
export function daemonApi(homeRoot: string): DaemonApi | null {
  if (!runningDaemon(homeRoot)) return null;
  const { endpoint, token } = readApiFiles(homeRoot);
  return endpoint && token ? { port: endpoint.port, token } : null; // starting up: not serving yet
}

/** True when the daemon serves the project in `projectFile` (it was started with it). */
export async function daemonServes(api: DaemonApi, projectFile: string): Promise<boolean> {
  try {
    const projects = await callDaemon(api, 'projects.list', {});
    return projects.some((p) => p.file === projectFile);
  } catch {
    return false; // not answering (stopping, or starting up): work without it
  }
}

/** The daemon answered with an error status (as opposed to not answering at all). */
export class ApiCallError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Calls one API method; rejects with the daemon's error message. */
export function callDaemon<M extends ApiMethod>(api: DaemonApi, method: M, params: ApiMethods[M]['params']): Promise<ApiMethods[M]['result']> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: api.port, method: 'POST', path: `/api/${method}`, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          let parsed: { error?: string } = {};
          try {
            parsed = body ? JSON.parse(body) : {};
          } catch {
            parsed = { error: `unreadable answer (HTTP ${res.statusCode})` };
          }
          if (res.statusCode === 200) resolve(parsed as never);
          else reject(new ApiCallError(res.statusCode ?? 0, parsed.error ?? `HTTP ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(params));
  });
}

/**
 * Asks the daemon for a one-time login URL (POST /api/login-token with the
 * bearer token); opening it trades it for the HttpOnly session cookie
 * (`tickwork ui` in a browser, the desktop app in its window).
 */
export function loginUrl(api: DaemonApi): Promise<{ url: string; expiresAt: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: api.port, method: 'POST', path: '/api/login-token', headers: { authorization: `Bearer ${api.token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(body) as { url?: string; expiresAt?: number; error?: string };
            if (res.statusCode === 200 && parsed.url) resolve({ url: parsed.url, expiresAt: parsed.expiresAt ?? 0 });
            else reject(new ApiCallError(res.statusCode ?? 0, parsed.error ?? `HTTP ${res.statusCode}`));
          } catch {
            reject(new ApiCallError(res.statusCode ?? 0, `unreadable answer (HTTP ${res.statusCode})`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The login URL that lands on `route` (a path of the dashboard) once signed in. */
export function withNext(url: string, route: string): string {
  return route === '/' ? url : `${url}&next=${encodeURIComponent(route)}`;
}

/** One Server-Sent Events message: its `event:` name (default `message`) and its `data:` lines joined. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/** Splits SSE text into complete messages; the incomplete tail is returned to prepend to the next chunk. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: SseMessage[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

/** An open subscription to the daemon's event stream. */
export interface EventSubscription {
  close(): void;
}

/** Streams journal events after `afterSeq` to `onEvent`; `onError` hears of a broken stream (not of close()). */
export function subscribeEvents(api: DaemonApi, afterSeq: number, onEvent: (event: EventRecord) => void, onError: (error: Error) => void): EventSubscription {
  let closed = false;
  let failed = false;
  // Once, whichever way the stream breaks: a killed daemon's socket just closes (no 'end', and no
  // 'error' on the request once the response has begun), and nothing else would keep this process waiting.
  const fail = (error: Error): void => {
    if (closed || failed) return;
    failed = true;
    onError(error);
  };
  const req = http.get({ host: '127.0.0.1', port: api.port, path: `/api/events?after=${afterSeq}`, headers: { authorization: `Bearer ${api.token}` } }, (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const { messages, rest } = parseSse(buffer + chunk);
      buffer = rest;
      // Journal events are named by their kind; `head` and `notification` are the shell's.
      for (const message of messages) if (!closed && message.event !== 'head' && message.event !== 'notification') onEvent(JSON.parse(message.data) as EventRecord);
    });
    res.on('error', fail);
    res.on('close', () => fail(new Error('the daemon closed the event stream')));
  });
  req.on('error', fail);
  return {
    close() {
      closed = true;
      req.destroy();
    },
  };
}

/** What to follow: a run's events after a journal position (read before the run was created, so none is missed). */
export interface RunFollow {
  readonly runIds: readonly number[];
  readonly afterSeq: number;
}

/** Streams journal events of the runs until `until(event)` has been true for each of them; resolves then. */
export function followRunEvents(api: DaemonApi, follow: RunFollow, onEvent: (event: EventRecord) => void, until: (event: EventRecord) => boolean): Promise<void> {
  const pending = new Set(follow.runIds);
  return new Promise((resolve, reject) => {
    const subscription = subscribeEvents(
      api,
      follow.afterSeq,
      (event) => {
        if (event.runId === null || !pending.has(event.runId)) return;
        onEvent(event);
        if (until(event)) pending.delete(event.runId);
        if (pending.size === 0) {
          subscription.close();
          resolve();
        }
      },
      reject,
    );
  });
}
