/**
 * The daemon's local API over HTTP on 127.0.0.1 (contract: shared/api-contract.ts).
 *
 * Security by default: every request needs `Authorization: Bearer <token>`
 * (the token lives in `$TICKWORK_HOME/api-token`, mode 0600) or gets 401; a
 * Host header that is not loopback, or an Origin that is not a loopback
 * http origin, gets 403 (DNS-rebinding defence). Methods are POST
 * /api/<method> with JSON params; GET /api/events?after=SEQ streams the
 * events journal as Server-Sent Events, GET /api/logs?run=&task= an
 * attempt's log tail (log-stream.ts).
 */
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { API_METHODS, type ApiMethod, type ApiMethods } from '../../../shared/api-contract.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import type { Engine } from '../run/engine.js';
import { listAlerts } from '../store/alert-store.js';
import { acknowledgeAlert, snoozeAlert, type AlertActionResult } from '../alerts/alert-attention.js';
import { JournalTail } from './journal-tail.js';
import { getRun, listRuns } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { planRuns } from '../run/plan-runs.js';
import { createRuns } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
import { ensureRun } from '../run/ensure-run.js';
import { apiFiles } from '../home.js';
import { triggerEnv } from '../run/passthrough-key.js';
import { findAttempt, streamLog } from './log-stream.js';

/** Construction options of the API server. */
export interface ApiServerOptions {
  readonly db: Db;
  readonly homeRoot: string;
  readonly engine: Engine;
  /** The projects the daemon serves, current at each call. */
  readonly projects: () => readonly ProjectConfig[];
  readonly port?: number;
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

/** A user error with an HTTP status. */
class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A query parameter that must be a whole number ≥ 0 (default 0), or a 400 naming it. */
function wholeNumberParam(query: URLSearchParams, name: string, what: string): number {
  const value = Number(query.get(name) ?? 0);
  if (!Number.isSafeInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole ${what} ≥ 0`);
  return value;
}

/** A body field that must be a whole number ≥ 0, or a 400 naming it. */
function wholeNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole number ≥ 0`);
  return value;
}

/** Creates the token file (0600) and starts listening on 127.0.0.1. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const files = apiFiles(options.homeRoot);
  const tokenFile = files.token;
  fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  fs.chmodSync(tokenFile, 0o600);
  const streams = new Set<http.ServerResponse>();
  const journal = new JournalTail(options.db, JOURNAL_POLL_MS);
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      send(res, status, { error: (error as Error).message });
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const port = (server.address() as AddressInfo).port;
    if (!isLoopbackHost(req.headers.host, port)) throw new HttpError(403, 'forbidden: Host must be 127.0.0.1 or localhost');
    if (req.headers.origin !== undefined && !isLoopbackOrigin(req.headers.origin)) throw new HttpError(403, 'forbidden: Origin must be a loopback http origin');
    if (!tokenMatches(req.headers.authorization, token)) throw new HttpError(401, 'unauthorized: send Authorization: Bearer <the token in $TICKWORK_HOME/api-token>');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/api/events') return streamEvents(res, wholeNumberParam(url.searchParams, 'after', 'event sequence number'));
    if (req.method === 'GET' && url.pathname === '/api/logs') return tailLog(res, url.searchParams);
    const method = url.pathname.replace(/^\/api\//, '') as ApiMethod;
    if (req.method !== 'POST' || !API_METHODS.includes(method)) throw new HttpError(404, `no such method: ${req.method} ${url.pathname}`);
    const params = await readJson(req);
    send(res, 200, await call(method, params as never));
  };

  const call = async <M extends ApiMethod>(method: M, params: ApiMethods[M]['params']): Promise<ApiMethods[M]['result']> => {
    const { db, engine } = options;
    switch (method) {
      case 'runs.list': {
        const p = params as ApiMethods['runs.list']['params'];
        return listRuns(db, { ...(p.pipeline ? { pipeline: p.pipeline } : {}), ...(p.state ? { state: p.state } : {}), limit: p.limit ?? 50 }) as never;
      }
      case 'runs.get': {
        const run = getRun(db, (params as ApiMethods['runs.get']['params']).id);
        if (!run) throw new HttpError(404, 'no such run');
        return { run, tasks: tasksOfRun(db, run.id) } as never;
      }
      case 'runs.trigger': {
        const p = params as ApiMethods['runs.trigger']['params'];
        const project = projectOf(p.project);
        const trigger = p.trigger ?? 'api';
        // The CLI sends its own env_passthrough values; a caller without any (tray, UI) triggers with the daemon's.
        const env = triggerEnv(options.homeRoot, project, p.passthrough ?? process.env);
        if (!['api', 'backfill', 'tray'].includes(trigger)) throw new HttpError(400, `trigger must be api, backfill or tray, not ${String(trigger)}`);
        const planned = planRuns(project, {
          targets: p.targets ?? [],
          selection: p.selection ?? 'upstream',
          force: p.force ?? false,
          ...(p.date ? { date: p.date } : {}),
          partition: p.partition ?? {},
          params: p.params ?? {},
          trigger,
          env,
        }, Date.now());
        if (!planned.ok) throw new HttpError(400, planned.message);
        const created = createRuns(db, planned.plans, Date.now(), engine.owner);
        if (!created.ok) throw new HttpError(409, created.skipped);
        for (const run of created.runs) engine.claimCreated({ ...run, passthrough: env.values });
        return { id: created.runs[0]!.runId, ids: created.runs.map((r) => r.runId) } as never;
      }
      case 'runs.cancel': {
        const id = (params as ApiMethods['runs.cancel']['params']).id;
        const result = await cancelRun(db, id, () => Date.now());
        engine.refresh(id);
        if (result.kind === 'not_found') throw new HttpError(404, 'no such run');
        if (result.kind === 'already_finished') return { state: result.state, alreadyFinished: true, stoppedProcesses: 0 } as never;
        return { state: 'cancelled', alreadyFinished: false, stoppedProcesses: result.stoppedProcesses } as never;
      }
      case 'runs.ensure': {
        const p = params as ApiMethods['runs.ensure']['params'];
        if (typeof p.date !== 'string') throw new HttpError(400, 'date (YYYY-MM-DD) is required');
        const ensureProject = projectOf(p.project);
        const ensureEnv = triggerEnv(options.homeRoot, ensureProject, p.passthrough ?? process.env);
        const ensured = ensureRun(db, ensureProject, { ...(p.targets ? { targets: p.targets } : {}), date: p.date, partition: p.partition ?? {}, dataReady: p.dataReady === true, env: ensureEnv }, Date.now());
        if (!ensured.ok) throw new HttpError(ensured.kind === 'usage' ? 400 : 409, ensured.message);
        for (const run of ensured.runs) {
          engine.claim(run.runId, undefined, ensureEnv.values);
          engine.refresh(run.runId); // a gate waiting for data_ready looks again now
        }
        const first = ensured.runs[0]!;
        return { id: first.runId, created: first.created, runs: ensured.runs.map((r) => ({ id: r.runId, created: r.created })) } as never;
      }
      case 'projects.list':
        return options.projects().map((p) => ({ name: p.name, file: p.file, pipelines: [...p.pipelines.keys()], jobs: [...p.jobs.keys()] })) as never;
      case 'alerts.list': {
        const p = params as ApiMethods['alerts.list']['params'];
        return listAlerts(db, { all: p.all === true, limit: p.limit ?? 100 }) as never;
      }
      case 'alerts.ack': {
        const { id } = params as ApiMethods['alerts.ack']['params'];
        return alertAnswer(acknowledgeAlert(db, wholeNumber(id, 'id'), Date.now())) as never;
      }
      case 'alerts.snooze': {
        const p = params as ApiMethods['alerts.snooze']['params'];
        const forMs = wholeNumber(p.forMs, 'forMs');
        if (forMs === 0) throw new HttpError(400, 'forMs must be a positive number of milliseconds');
        const now = Date.now();
        return alertAnswer(snoozeAlert(db, wholeNumber(p.id, 'id'), now + forMs, now)) as never;
      }
      default:
        throw new HttpError(404, `no such method: ${String(method)}`);
    }
  };

  const alertAnswer = (result: AlertActionResult): ApiMethods['alerts.ack']['result'] => {
    if (result.kind === 'not_found') throw new HttpError(404, 'no such alert');
    if (result.kind === 'unchanged') return { changed: false, why: result.why, alert: result.alert };
    journal.poke(); // live views hear of it now
    return { changed: true, alert: result.alert };
  };

  const projectOf = (file: string | undefined): ProjectConfig => {
    const project = options.projects().find((candidate) => !file || candidate.file === file);
    if (!project) throw new HttpError(404, `no such project: ${file ?? '(none loaded)'}`);
    return project;
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

  const streamEvents = (res: http.ServerResponse, after: number): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
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
