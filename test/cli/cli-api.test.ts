import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startTickwork, tickwork, exitOf } from '../helpers/cli.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { followSse, type SseFollower } from '../helpers/sse.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { appendEvent } from '../../electron/engine/store/event-journal.js';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

/** One HTTP request on 127.0.0.1 with full control of the headers. */
function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: { 'content-type': 'application/json', ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

describe('the local API', () => {
  it('serves runs over HTTP on 127.0.0.1 with a token, refuses foreign hosts and origins, and streams events over SSE', async () => {
    const w = tempWorld();
    w.writeProject(`
name: api
pipelines:
  quick: {command: ["sh", "-c", "echo hi"]}
  slow: {command: ["sleep", "30"]}
`);
    const daemon = startTickwork(w.home, ['up', '--project', w.project]);
    daemon.stdout!.resume();
    daemons.push(daemon);
    const apiFile = path.join(w.home, 'api.json');
    await waitFor(() => fs.existsSync(apiFile), 'the API to listen');
    const { port } = JSON.parse(fs.readFileSync(apiFile, 'utf8'));
    const tokenFile = path.join(w.home, 'api-token');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    const auth = { authorization: `Bearer ${token}` };

    expect((await request(port, { path: '/api/runs.list', body: {} })).status).toBe(401);
    expect((await request(port, { path: '/api/runs.list', body: {}, headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await request(port, { path: '/api/runs.list', body: {}, headers: { ...auth, host: `evil.example:${port}` } })).status).toBe(403);
    expect((await request(port, { path: '/api/runs.list', body: {}, headers: { ...auth, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await request(port, { path: '/api/runs.nope', body: {}, headers: auth })).status).toBe(404);

    const sse = followSse(port, '/api/events?after=0', auth);
    const events = (): Array<{ runId: number; kind: string; to: string | null }> => sse.messages.map((m) => m.data as never);

    const triggered = await request(port, { path: '/api/runs.trigger', body: { targets: ['quick'] }, headers: auth });
    expect(triggered.status).toBe(200);
    const { id } = JSON.parse(triggered.body);
    await waitFor(() => events().some((e) => e.runId === id && e.kind === 'run' && e.to === 'succeeded'), 'the run to succeed, seen over SSE');
    sse.close();
    const got = JSON.parse((await request(port, { path: '/api/runs.get', body: { id }, headers: auth })).body);
    expect(got.run).toMatchObject({ id, state: 'succeeded', trigger: 'api' });
    expect(got.tasks.map((t: { pipeline: string; state: string }) => [t.pipeline, t.state])).toEqual([['quick', 'succeeded']]);
    const bad = await request(port, { path: '/api/runs.trigger', body: { targets: ['nope'] }, headers: auth });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toContain('unknown pipeline or job "nope"');

    // While the daemon runs, `tickwork run` and `tickwork cancel` go through it.
    const viaCli = await tickwork(w.home, ['run', 'quick', '--wait', '--project', w.project]);
    expect(viaCli.code).toBe(0);
    const cliRunId = Number(/^run (\d+): /m.exec(viaCli.stdout)![1]);
    expect(viaCli.stdout).toContain(`run ${cliRunId} succeeded`);
    expect(JSON.parse((await request(port, { path: '/api/runs.get', body: { id: cliRunId }, headers: auth })).body).run.trigger).toBe('api');
    const slow = await tickwork(w.home, ['run', 'slow', '--project', w.project]);
    const slowId = Number(/^run (\d+): /m.exec(slow.stdout)![1]);
    await waitFor(() => fs.existsSync(path.join(w.home, 'logs', String(slowId), 'slow.1.log')), 'slow to start');
    const cancelled = await tickwork(w.home, ['cancel', String(slowId)]);
    expect(cancelled.stdout).toMatch(new RegExp(`^run ${slowId} cancelled \\(1 process group stopped\\)\\n$`));
    expect(JSON.parse((await request(port, { path: '/api/runs.get', body: { id: slowId }, headers: auth })).body).run.state).toBe('cancelled');

    expect((await tickwork(w.home, ['down'])).code).toBe(0);
    expect(await exitOf(daemon)).toBe(0);
    expect(fs.existsSync(apiFile)).toBe(false);
  });

  it('loses nothing when the daemon is killed with -9 mid-run: a restarted daemon adopts the running attempt and finishes the run once', async () => {
    const w = tempWorld();
    w.writeProject(`
name: crashy
pipelines:
  step: {command: ["sh", "-c", "echo start >> ledger.txt; while [ ! -f go ]; do sleep 0.05; done; echo done >> ledger.txt"]}
  after: {command: ["sh", "-c", "echo after >> ledger.txt"], depends_on: [step]}
`);
    const serve = async (): Promise<TestDaemon> => {
      const daemon = await startDaemon(w.home, w.project);
      daemons.push(daemon.child);
      return daemon;
    };
    const first = await serve();
    const { id } = JSON.parse((await request(first.port, { path: '/api/runs.trigger', body: { targets: ['after'] }, headers: first.auth })).body);
    await waitFor(() => fs.existsSync(w.file('ledger.txt')), 'step to start');
    first.child.kill('SIGKILL');
    await exitOf(first.child);

    const second = await serve();
    expect((await request(second.port, { path: '/api/runs.list', body: {}, headers: first.auth })).status).toBe(401); // a new token per start
    expect(JSON.parse((await request(second.port, { path: '/api/runs.get', body: { id }, headers: second.auth })).body).run.state).toBe('running');
    fs.writeFileSync(w.file('go'), '');
    let state = '';
    await waitForAsync(async () => {
      state = JSON.parse((await request(second.port, { path: '/api/runs.get', body: { id }, headers: second.auth })).body).run.state;
      return state === 'succeeded' || state === 'failed';
    }, 'the adopted run to finish');
    expect(state).toBe('succeeded');
    expect(fs.readFileSync(w.file('ledger.txt'), 'utf8')).toBe('start\ndone\nafter\n'); // each task exactly once
    const integrity = await tickwork(w.home, ['health', '--json']);
    expect(JSON.parse(integrity.stdout).store.integrity).toBe('ok');
    expect((await tickwork(w.home, ['down'])).code).toBe(0);
  });

  it('tails an attempt\'s log over SSE as it is written, then ends', async () => {
    const w = tempWorld();
    w.writeProject(`
name: tail
pipelines:
  talk: {command: ["sh", "-c", "echo first line; while [ ! -f go ]; do sleep 0.05; done; echo second line"]}
`);
    const { child, port, auth } = await startDaemon(w.home, w.project);
    daemons.push(child);
    const { id } = JSON.parse((await request(port, { path: '/api/runs.trigger', body: { targets: ['talk'] }, headers: auth })).body);
    await waitFor(() => fs.existsSync(path.join(w.home, 'logs', String(id), 'talk.1.log')), 'the attempt to start');
    expect((await request(port, { method: 'GET', path: `/api/logs?run=${id}&task=nope`, headers: auth })).status).toBe(404);
    expect((await request(port, { method: 'GET', path: `/api/logs?run=${id}&task=talk&offset=-5`, headers: auth })).status).toBe(400);
    expect((await request(port, { method: 'GET', path: `/api/logs?run=${id}&task=talk&offset=abc`, headers: auth })).status).toBe(400);

    const sse = followSse(port, `/api/logs?run=${id}&task=talk`, auth);
    const text = (): string => sse.messages.filter((m) => m.event === 'log').map((m) => (m.data as { text: string }).text).join('');
    const ended = (): boolean => sse.messages.some((m) => m.event === 'end');
    await waitFor(() => text().includes('first line\n'), 'the first line over SSE');
    expect(ended()).toBe(false);
    fs.writeFileSync(w.file('go'), '');
    await waitFor(() => ended() && sse.ended(), 'the end of the log');
    expect(text()).toBe('first line\nsecond line\n');
    sse.close();
    expect((await tickwork(w.home, ['down'])).code).toBe(0);
  });

  it('holds back an event stream whose client stopped reading without holding back the others, then resumes it with no gap', async () => {
    const w = tempWorld();
    w.writeProject('name: quiet\npipelines:\n  idle: {command: ["true"]}\n');
    const { child, port, auth } = await startDaemon(w.home, w.project);
    daemons.push(child);
    expect((await request(port, { method: 'GET', path: '/api/events?after=abc', headers: auth })).status).toBe(400);

    const stalled = followSse(port, '/api/events?after=0', auth, { paused: true });
    const reading = followSse(port, '/api/events?after=0', auth);
    const seqs = (sse: SseFollower): number[] => sse.messages.map((m) => Number(m.id));
    await waitFor(() => stalled.connected() && reading.connected(), 'both streams to connect');

    // Another process (this test) appends far more than the socket buffers hold: ~20 MB of events.
    const total = 60_000;
    const db = openStore(path.join(w.home, 'tickwork.db'));
    db.transaction(() => {
      for (let i = 0; i < total; i++) appendEvent(db, { at: i, kind: 'task', runId: 1, to: 'ready', data: { note: 'x'.repeat(300) } });
    })();
    db.close();

    await waitFor(() => reading.messages.length >= total, 'the reading client to get every event', 60_000);
    expect(stalled.messages).toEqual([]);
    // The daemon did not buffer the stalled client's 20 MB: its resident memory stays near its idle size.
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    expect(rssMb).toBeLessThan(140); // measured: ~92 MB; ~184 MB when the stream buffered everything

    stalled.resume();
    await waitFor(() => stalled.messages.length >= total, 'the stalled client to catch up once it reads', 60_000);
    expect(seqs(stalled)).toEqual(seqs(reading));
    expect(new Set(seqs(stalled)).size).toBe(stalled.messages.length);
    stalled.close();
    reading.close();
    expect((await tickwork(w.home, ['down'])).code).toBe(0);
  });
});
