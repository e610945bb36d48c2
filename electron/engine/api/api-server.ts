/**
 * The daemon's local API over HTTP on 127.0.0.1 (contract: shared/api-contract.ts).
 *
 * Security by default: every request needs `Authorization: Bearer <token>`
 * (the token lives in `$TICKWORK_HOME/api-token`, mode 0600) or gets 401; a
 * Host header that is not loopback, or an Origin that is not a loopback
 * http origin, gets 403 (DNS-rebinding defence). Methods are POST
 * /api/<method> with JSON params; GET /api/events?after=SEQ streams the
 * events journal as Server-Sent Events, GET /api/logs?run=&task= an
 * attempt's log tail (log-stream.ts), GET /api/logs/download one as a file
 * (log-download.ts).
 *
 * This file is the HTTP edge only (auth, Host/Origin checks, SSE, logs,
 * routing); each method's handler lives in methods/ (method-registry.ts).
 *
 * The dashboard: every path outside /api serves the built renderer
 * (static-files.ts) without auth; GET /login?token= trades a one-time token
 * from POST /api/login-token (bearer only; `tickwork ui`) for a session
 * cookie (session-auth.ts), which then authenticates /api calls of this
 * origin only (its Origin must be this host; Sec-Fetch-Site same-origin).
 * `after=now` on /api/events starts at the journal's head and says where
 * that is in a first `head` message. `desktop=claim` (bearer only: the
 * desktop app's main process) makes the stream the daemon's desktop channel
 * while it is open: each desktop delivery arrives on it as a `notification`
 * message (shared DesktopNotification) instead of through node-notifier
 * (alerts/desktop-claims.ts). Every answer carries the CSP and the
 * other security headers (security-headers.ts). The port of the last start
 * is tried first, so an open dashboard reconnects after a restart.
 */
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ConfigProblem, ProjectConfig } from '../../../shared/config-model.js';
import type { Scheduler } from '../schedule/scheduler.js';
import type { Db } from '../store/open-store.js';
import type { Engine } from '../run/engine.js';
import type { BackfillService } from '../backfill/backfill-service.js';
import type { DesktopClaims } from '../alerts/desktop-claims.js';
import { JournalTail } from './journal-tail.js';
import { apiFiles, prepareHome } from '../home.js';
import { findAttempt, streamLog } from './log-stream.js';
import { downloadLog } from './log-download.js';
import { HttpError } from './http-error.js';
import { wholeNumberParam } from './methods/param-checks.js';
import { callMethod, isApiMethod } from './methods/method-registry.js';
import { lastEventSeq } from '../store/event-journal.js';
import { setSecurityHeaders } from './security-headers.js';
import { defaultRendererDir, serveStatic } from './static-files.js';
import { createSessionAuth, safeNextPath, sessionKey, type SessionAuth } from './session-auth.js';
import type { MethodContext } from './methods/method-context.js';

/** Construction options of the API server. */
export interface ApiServerOptions {
  readonly db: Db;
  readonly homeRoot: string;
  readonly engine: Engine;
  /** The projects the daemon serves, current at each call. */
  readonly projects: () => readonly ProjectConfig[];
  readonly port?: number;
  /** The built dashboard (default: dist/renderer beside the CLI bundle). */
  readonly rendererDir?: string;
  /** The daemon's scheduler, for the schedules and power methods. */
  readonly scheduler?: Scheduler;
  /** Problems of project files whose last edit is invalid, by file (health.get). */
  readonly configProblems?: () => ReadonlyMap<string, readonly ConfigProblem[]>;
  /** The daemon's backfills, for the backfills methods. */
  readonly backfills?: BackfillService;
  /** The daemon's desktop channel claims: `desktop=claim` streams register here. */
  readonly desktop?: DesktopClaims;
}

/** A running API server. */
export interface ApiServer {
  readonly port: number;
  readonly token: string;
  /** This process just appended to the events journal: event streams read it now instead of at their next poll. */
  journalChanged(): void;
  close(): Promise<void>;
}

/** How often event streams look for events appended by other processes (the daemon's own are pushed at once). */
const JOURNAL_POLL_MS = 250;

/** Creates the token file (0600) and starts listening on 127.0.0.1. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const files = apiFiles(options.homeRoot);
  const tokenFile = files.token;
  fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  fs.chmodSync(tokenFile, 0o600);
  const streams = new Set<http.ServerResponse>();
  const journal = new JournalTail(options.db, JOURNAL_POLL_MS);
  const context: MethodContext = {
    db: options.db,
    engine: options.engine,
    homeRoot: options.homeRoot,
    projects: options.projects,
    now: () => Date.now(),
    journalChanged: () => journal.poke(),
    scheduler: options.scheduler ?? null,
    configProblems: options.configProblems ?? (() => new Map()),
    home: prepareHome(options.homeRoot),
    backfills: options.backfills ?? null,
  };
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const key = sessionKey(options.homeRoot);
  let auth: SessionAuth | undefined; // once the port is known
  const server = http.createServer((req, res) => {
    setSecurityHeaders(res);
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      send(res, status, { error: (error as Error).message });
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const port = (server.address() as AddressInfo).port;
    if (!isLoopbackHost(req.headers.host, port)) throw new HttpError(403, 'forbidden: Host must be 127.0.0.1 or localhost');
    if (req.headers.origin !== undefined && !isLoopbackOrigin(req.headers.origin)) throw new HttpError(403, 'forbidden: Origin must be a loopback http origin');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/login') return login(res, url.searchParams);
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return serveStatic(rendererDir, req, res, url.pathname);
    const bearer = tokenMatches(req.headers.authorization, token);
    const session = !bearer && auth!.hasSession(req.headers.cookie, Date.now());
    if (!bearer && !session) throw new HttpError(401, 'unauthorized: send Authorization: Bearer <the token in $TICKWORK_HOME/api-token>, or sign in to the dashboard with tickwork ui');
    if (session && !isSameOrigin(req)) throw new HttpError(403, 'forbidden: a dashboard session works only from its own origin');
    if (req.method === 'POST' && url.pathname === '/api/login-token') {
      if (!bearer) throw new HttpError(403, 'forbidden: only the bearer token (tickwork ui) gets login links');
      const issued = auth!.issueLoginToken(Date.now());
      return send(res, 200, { url: `http://127.0.0.1:${port}/login?token=${issued.token}`, expiresAt: issued.expiresAt });
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      const claim = url.searchParams.get('desktop');
      if (claim !== null && claim !== 'claim') throw new HttpError(400, `desktop must be claim, not ${claim}`);
      if (claim !== null && !bearer) throw new HttpError(403, 'forbidden: only the bearer token (the desktop app) claims the desktop channel');
      if (claim !== null && !options.desktop) throw new HttpError(409, 'no desktop channel in this process');
      const after = url.searchParams.get('after') === 'now' ? lastEventSeq(options.db) : wholeNumberParam(url.searchParams, 'after', 'event sequence number');
      streamEvents(res, after, url.searchParams.get('after') === 'now');
      if (claim !== null) claimDesktop(res);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/logs/download') return downloadLog(options.db, url.searchParams, res);
    if (req.method === 'GET' && url.pathname === '/api/logs') return tailLog(res, url.searchParams);
    const method = url.pathname.replace(/^\/api\//, '');
    if (req.method !== 'POST' || !isApiMethod(method)) throw new HttpError(404, `no such method: ${req.method} ${url.pathname}`);
    const params = await readJson(req);
    // A call whose client went away stops its work (a long log search, a long poll).
    const gone = new AbortController();
    res.on('close', () => res.writableFinished || gone.abort());
    send(res, 200, await callMethod({ ...context, signal: gone.signal }, method, params as never));
  };

  const tailLog = (res: http.ServerResponse, query: URLSearchParams): void => {
    const attemptText = query.get('attempt');
    const found = findAttempt(options.db, {
      runId: Number(query.get('run')),
      task: query.get('task') ?? '',
      ...(attemptText ? { attempt: Number(attemptText) } : {}),
    });
    if (typeof found === 'string') throw new HttpError(404, found);
    const offset = wholeNumberParam(query, 'offset', 'number of bytes');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    streamLog(options.db, res, found, offset);
  };

  /** GET /login?token=…[&next=/path]: a valid one-time token becomes a session cookie and a 303 to the dashboard. */
  const login = (res: http.ServerResponse, query: URLSearchParams): void => {
    if (!auth!.redeemLoginToken(query.get('token') ?? '', Date.now())) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><html lang="en"><meta charset="utf-8"><title>Tickwork: sign-in link expired</title>'
        + '<h1>This sign-in link has expired or was already used</h1><p>Run <code>tickwork ui</code> for a new one.</p></html>\n');
      return;
    }
    res.writeHead(303, { location: safeNextPath(query.get('next')), 'set-cookie': auth!.sessionCookie(Date.now()), 'cache-control': 'no-store' });
    res.end();
  };

  const streamEvents = (res: http.ServerResponse, after: number, sayHead = false): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    if (sayHead) res.write(`event: head\ndata: ${JSON.stringify({ seq: after })}\n\n`);
    res.flushHeaders(); // the client learns at once that it is subscribed, even before the first event
    streams.add(res);
    const subscription = journal.subscribe(after, (event) =>
      res.write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`),
    );
    res.on('drain', () => subscription.resume());
    res.on('close', () => {
      subscription.close();
      streams.delete(res);
    });
  };

  /** The stream takes the desktop deliveries until it closes (written whole even when its buffer is full: a notification is small and must not wait). */
  const claimDesktop = (res: http.ServerResponse): void => {
    const release = options.desktop!.claim((notification) => {
      if (res.destroyed || res.writableEnded) return false;
      res.write(`event: notification\ndata: ${JSON.stringify(notification)}\n\n`);
      return true;
    });
    res.on('close', release);
  };

  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const lastPortFile = path.join(options.homeRoot, 'api-last-port');
  const lastPort = Number(fs.readFileSync(lastPortFile, { encoding: 'utf8', flag: 'a+' }).trim()) || 0;
  if (options.port !== undefined) await listen(options.port);
  else await listen(lastPort).catch(() => listen(0)); // that port is taken now: any free one
  const { port } = server.address() as AddressInfo;
  auth = createSessionAuth({ key, port });
  fs.writeFileSync(lastPortFile, `${port}\n`);
  fs.writeFileSync(files.endpoint, JSON.stringify({ port, pid: process.pid }), { mode: 0o600 });
  return {
    port,
    token,
    journalChanged: () => journal.poke(),
    close: () =>
      new Promise<void>((resolve) => {
        journal.stop();
        for (const res of streams) res.end();
        fs.rmSync(files.endpoint, { force: true });
        server.close(() => resolve());
      }),
  };
}

/** A browser request from this server's own origin (the Host it was sent to), as a session cookie requires. */
function isSameOrigin(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  if (req.headers.origin !== undefined) return req.headers.origin === `http://${req.headers.host}`;
  return req.method === 'GET'; // a state-changing call from a browser always names its Origin
}

function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function isLoopbackOrigin(origin: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(origin);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 1_000_000) reject(new HttpError(413, 'request body too large'));
    });
    req.on('end', () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'));
      }
    });
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
