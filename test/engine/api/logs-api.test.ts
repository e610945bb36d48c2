/**
 * logs.window, logs.search, logs.firstError and GET /api/logs/download over
 * real HTTP on a real daemon: paging both ways tiles the log exactly, a cut
 * log keeps its output offsets, long lines come in stable pieces, a long
 * poll wakes on new output, and a 1 GB log opens at its tail and is
 * searched end to end in seconds.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine, LogSearchAnswer, LogSearchParams } from '../../../shared/log-model.js';
import { LOG_LINE_MAX } from '../../../shared/log-model.js';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';

/** numbered.py N [ERROR_AT [slow]]: N lines "line 0000001 xxx…" of 100 bytes each, one saying ValueError at ERROR_AT. */
const NUMBERED = `import sys
import time
n = int(sys.argv[1]); err = int(sys.argv[2]) if len(sys.argv) > 2 else -1
slow = len(sys.argv) > 3
out = sys.stdout
for i in range(1, n + 1):
    if slow and i % 500 == 0: out.flush(); time.sleep(0.02)
    if i == err: out.write(('ValueError: boom at %07d' % i).ljust(99) + '\\n')
    else: out.write(('line %07d Mixed Case ' % i).ljust(99, 'x') + '\\n')
`;

// Node 20's global agent keeps sockets alive, and the server closes an idle one after 5 s: a call
// made just then (after writing the 1 GB log) would meet a closing socket. One connection per call.
http.globalAgent = new http.Agent({ keepAlive: false });

let world: TempWorld;
let daemon: TestDaemon;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = tempWorld();
  fs.writeFileSync(world.file('numbered.py'), NUMBERED);
  world.writeProject(`
name: logs
log_max: none
pipelines:
  numbered: {command: "python3 numbered.py 20000 15000"}
  capped: {command: "python3 numbered.py 20000", log_max: 64KB}
  cutlive: {command: "python3 numbered.py 30000 -1 slow", log_max: 64KB}
  wide: {command: ["python3", "-c", "import sys; sys.stdout.write('a' * 100000 + '\\\\n' + 'é' * 40000 + '\\\\nend')"]}
  live: {command: ["sh", "-c", "echo first; while [ ! -f go ]; do sleep 0.05; done; echo second; while [ ! -f stop ]; do sleep 0.05; done"]}
  flaky: {command: ["sh", "-c", "echo try; exit 3"], retries: 1, retry_delay: 0s}
  big: {command: ["true"]}
`);
  daemon = await startDaemon(world.home, world.project);
  children.push(daemon.child);
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Triggers `target` and waits until its run is no longer queued or running; returns the run id. */
async function runToEnd(target: string): Promise<number> {
  const { id } = await apiOk(daemon, 'runs.trigger', { targets: [target], date: '2024-03-01' });
  await waitForAsync(async () => !['queued', 'running'].includes((await apiOk(daemon, 'runs.get', { id })).run.state), `run ${id} to end`, 30_000);
  return id;
}

function logFile(run: number, task: string, attempt = 1): string {
  return path.join(world.home, 'logs', String(run), `${task}.${attempt}.log`);
}

/** Joins lines back into the bytes they came from (each but a final unended one had a \n). */
function rejoin(lines: readonly LogLine[]): string {
  return lines.map((line) => line.text + (line.kind === 'piece' || line.kind === 'partial' ? '' : '\n')).join('');
}

function get(pathAndQuery: string, headers: Record<string, string> = daemon.auth as Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: daemon.port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** Searches until the daemon says done (it answers every couple of seconds with where it got to). */
async function searchAll(params: LogSearchParams): Promise<LogSearchAnswer> {
  let answer = await apiOk(daemon, 'logs.search', params);
  while (!answer.done) answer = await apiOk(daemon, 'logs.search', { ...params, fromByte: answer.scannedTo });
  return answer;
}

describe('the logs API', () => {
  let numbered: number;

  it('pages a log both ways by byte offset, and the windows tile it exactly', async () => {
    numbered = await runToEnd('numbered');
    const file = fs.readFileSync(logFile(numbered, 'numbered'), 'utf8');
    const tail = await apiOk(daemon, 'logs.window', { run: numbered, task: 'numbered', tail: true, maxBytes: 64 * 1024 });
    expect(tail).toMatchObject({ attempt: 1, attempts: [1], size: 2_000_000, to: 2_000_000, cutBytes: 0, writing: false });
    expect(tail.lines.at(-1)!.text).toMatch(/^line 0020000 /);
    expect(tail.lines.length).toBeGreaterThan(600);
    expect(tail.to - tail.from).toBeLessThanOrEqual(64 * 1024);

    // Back to the start a window at a time, then forward to the end: every line once, in order.
    const backwards: LogLine[][] = [tail.lines as LogLine[]];
    for (let to = tail.from; to > 0; ) {
      const page = await apiOk(daemon, 'logs.window', { run: numbered, task: 'numbered', toByte: to, maxBytes: 200_000 });
      expect(page.to).toBe(to);
      backwards.unshift(page.lines as LogLine[]);
      to = page.from;
    }
    expect(rejoin(backwards.flat())).toBe(file);
    const forwards: LogLine[] = [];
    for (let from = 0; from < 2_000_000; ) {
      const page = await apiOk(daemon, 'logs.window', { run: numbered, task: 'numbered', fromByte: from, maxBytes: 300_000 });
      expect(page.from).toBe(from);
      forwards.push(...page.lines);
      from = page.to;
    }
    expect(rejoin(forwards)).toBe(file);
    expect(forwards.findIndex((line, k) => line.start !== k * 100 || line.end !== (k + 1) * 100)).toBe(-1);

    // An offset inside a line starts at that line; fromLine counts from 1.
    const inside = await apiOk(daemon, 'logs.window', { run: numbered, task: 'numbered', fromByte: 1234, maxBytes: 150 });
    expect(inside.lines.map((l) => [l.start, l.text.slice(0, 12)])).toEqual([[1200, 'line 0000013'], [1300, 'line 0000014']]);
    const byLine = await apiOk(daemon, 'logs.window', { run: numbered, task: 'numbered', fromLine: 15000, maxBytes: 1 });
    expect(byLine.lines.map((l) => [l.start, l.text.trim()])).toEqual([[1_499_900, 'ValueError: boom at 0015000']]);
  });

  it('answers 404 for an unknown run, task or attempt and 400 for bad offsets and params', async () => {
    const window = (params: Record<string, unknown>) => apiCall(daemon, 'logs.window', { run: numbered, task: 'numbered', ...params });
    const expectError = async (reply: Promise<{ status: number; body: { error?: string } }>, status: number, message: RegExp) => {
      const { status: got, body } = await reply;
      expect([got, body.error]).toEqual([status, expect.stringMatching(message)]);
    };
    await expectError(window({ run: 999, tail: true }), 404, /^no such run: 999$/);
    await expectError(window({ task: 'nope', tail: true }), 404, /has no task nope/);
    await expectError(window({ attempt: 7, tail: true }), 404, /has no attempt 7 \(it has 1\)/);
    await expectError(window({ fromByte: 2_000_001 }), 400, /fromByte 2000001 is past the log's end \(2000000 bytes\)/);
    await expectError(window({ toByte: 5_000_000 }), 400, /toByte 5000000 is past/);
    await expectError(window({ fromByte: -1 }), 400, /fromByte must be a whole number/);
    await expectError(window({ fromByte: 1.5 }), 400, /fromByte must be a whole number/);
    await expectError(window({}), 400, /exactly one of fromByte, toByte, fromLine or tail \(got none\)/);
    await expectError(window({ fromByte: 0, tail: true }), 400, /got fromByte, tail/);
    await expectError(window({ fromLine: 0 }), 400, /fromLine must be 1 or more/);
    await expectError(window({ fromLine: 20_002 }), 400, /fromLine 20002 is past the log's last line/);
    await expectError(window({ tail: true, maxBytes: 0 }), 400, /maxBytes must be 1 to/);
    await expectError(window({ tail: true, waitMs: 10 }), 400, /waitMs goes with fromByte/);
    await expectError(window({ run: 'one', tail: true }), 400, /run must be a whole number/);
    const search = (params: Record<string, unknown>) => apiCall(daemon, 'logs.search', { run: numbered, task: 'numbered', query: 'x', fromByte: 0, direction: 'next', ...params });
    await expectError(search({ query: '(' , regex: true }), 400, /query is not a valid regular expression/);
    await expectError(search({ query: '' }), 400, /query must be a non-empty string/);
    await expectError(search({ direction: 'up' }), 400, /direction must be next or prev, not up/);
    await expectError(search({ fromByte: 3_000_000, direction: 'prev' }), 400, /past the log's end/);
    await expectError(search({ run: 998 }), 404, /no such run: 998/);
    await expectError(apiCall(daemon, 'logs.firstError', { run: numbered, task: 'ghost' }), 404, /has no task ghost/);
  });

  it('steps through matches forwards and backwards, by text (any case) or regex, and finds the first error', async () => {
    const base = { run: numbered, task: 'numbered' } as const;
    const first = await apiOk(daemon, 'logs.search', { ...base, query: 'line 0000500 mixed', fromByte: 0, direction: 'next' });
    expect(first.match!.line).toMatchObject({ start: 49_900, end: 50_000 });
    expect(first.match!.ranges).toEqual([[0, 18]]);
    const exact = await apiOk(daemon, 'logs.search', { ...base, query: 'line 0000500 mixed', caseSensitive: true, fromByte: 0, direction: 'next' });
    expect(await searchAll({ ...base, query: 'line 0000500 mixed', caseSensitive: true, fromByte: 0, direction: 'next' })).toMatchObject({ match: null, done: true });
    expect(exact.done).toBe(true);

    // Every line whose number ends in 000: next from each match's end, prev from each match's start.
    const query = { ...base, query: '^line \\d{4}000 ', regex: true } as const;
    const seen: number[] = [];
    for (let from = 0; ; ) {
      const answer = await searchAll({ ...query, fromByte: from, direction: 'next' });
      if (!answer.match) break;
      seen.push(answer.match.line.start);
      from = answer.match.line.end;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20].map((k) => (k * 1000 - 1) * 100));
    const back: number[] = [];
    for (let from = 2_000_000; ; ) {
      const answer = await searchAll({ ...query, fromByte: from, direction: 'prev' });
      if (!answer.match) break;
      back.push(answer.match.line.start);
      from = answer.match.line.start;
    }
    expect(back).toEqual([...seen].reverse());
    // From inside a line: next skips to the line after it, prev to the line before.
    expect((await searchAll({ ...query, fromByte: seen[0]! + 5, direction: 'next' })).match!.line.start).toBe(seen[1]);
    expect((await searchAll({ ...query, fromByte: seen[1]! + 5, direction: 'prev' })).match!.line.start).toBe(seen[0]);

    const error = await apiOk(daemon, 'logs.firstError', base);
    expect(error.match!.line).toMatchObject({ start: 1_499_900, text: expect.stringMatching(/^ValueError: boom at 0015000/) });
    expect(error.match!.ranges[0]).toEqual([0, 10]);
    expect((await apiOk(daemon, 'logs.firstError', { ...base, fromByte: 1_500_000 })).match).toBeNull();
  });

  it('keeps the output offsets of a cut log: the marker line spans the cut, the tail keeps its offsets', async () => {
    const run = await runToEnd('capped');
    const tail = await apiOk(daemon, 'logs.window', { run, task: 'capped', tail: true, maxBytes: 1000 });
    expect(tail.size).toBe(2_000_000);
    expect(tail.cutBytes).toBeGreaterThan(1_900_000);
    expect(tail.lines.at(-1)).toMatchObject({ start: 1_999_900, end: 2_000_000, text: expect.stringMatching(/^line 0020000 /) });
    const all: LogLine[] = [];
    for (let from = 0; from < tail.size; ) {
      const page = await apiOk(daemon, 'logs.window', { run, task: 'capped', fromByte: from, maxBytes: 16 * 1024 });
      all.push(...page.lines);
      from = page.to;
    }
    const markers = all.filter((line) => line.kind === 'marker');
    expect(markers).toHaveLength(1);
    expect(markers[0]!.text).toMatch(/^… \[tickwork: [\d,]+ bytes cut from the middle; log_max 64 KB\] …$/);
    expect(markers[0]!.end - markers[0]!.start).toBe(tail.cutBytes);
    for (const line of all) if (!line.kind) expect(line.text.slice(5, 12)).toBe(String(line.start / 100 + 1).padStart(7, '0'));
    // A search lands on the tail's own offsets too.
    expect((await searchAll({ run, task: 'capped', query: 'line 0019990', fromByte: 0, direction: 'next' })).match!.line.start).toBe(1_998_900);
    expect((await apiOk(daemon, 'logs.window', { run, task: 'capped', fromByte: markers[0]!.start + 10, maxBytes: 1 })).lines[0]!.kind).toBe('marker');
  });

  it('follows a log the cap cuts while it is written: offsets stay those of the output, lines arrive once and in order', async () => {
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['cutlive'], date: '2024-03-01' });
    const first = await waitForAsync(async () => {
      const reply = await apiCall(daemon, 'logs.window', { run: id, task: 'cutlive', tail: true, maxBytes: 4096 });
      return reply.status === 200 && reply.body.lines.length > 0 ? reply.body : null;
    }, 'the first lines');
    // As the view keeps them: each long poll goes on from the end; an answer starting earlier (a cut took what followed) replaces from there.
    let held: LogLine[] = [...first.lines];
    let polls = 0;
    // Until the attempt has stopped writing AND its last bytes were read: the answer that says "done" may still end before them.
    for (let done = false; !done; ) {
      const next = await apiOk(daemon, 'logs.window', { run: id, task: 'cutlive', fromByte: held.at(-1)!.end, waitMs: 5_000, maxBytes: 8192 });
      held = [...held.filter((line) => line.start < next.from), ...next.lines];
      polls++;
      done = !next.writing && held.at(-1)!.end >= next.size;
    }
    expect(polls).toBeGreaterThan(3);
    expect(held.at(-1)).toMatchObject({ start: 2_999_900, end: 3_000_000 });
    for (let k = 1; k < held.length; k++) expect(held[k]!.start).toBe(held[k - 1]!.end);
    for (const line of held) if (!line.kind) expect(line.text.slice(5, 12)).toBe(String(line.start / 100 + 1).padStart(7, '0'));
    const final = await apiOk(daemon, 'logs.window', { run: id, task: 'cutlive', tail: true, maxBytes: 100 });
    expect(final.size).toBe(3_000_000);
    expect(final.cutBytes).toBeGreaterThan(2_900_000);
  }, 30_000);

  it('cuts a line longer than LOG_LINE_MAX into the same pieces from wherever a window starts', async () => {
    const run = await runToEnd('wide');
    const whole = fs.readFileSync(logFile(run, 'wide'));
    const from0 = await apiOk(daemon, 'logs.window', { run, task: 'wide', fromByte: 0, maxBytes: 1 << 20 });
    expect(rejoin(from0.lines)).toBe(whole.toString('utf8') + '\n'); // rejoin ends the unended last line
    expect(from0.lines.every((l) => l.end - l.start <= LOG_LINE_MAX + 3)).toBe(true);
    expect(from0.lines.filter((l) => l.kind === 'piece').length).toBeGreaterThanOrEqual(5);
    expect(from0.lines.at(-1)).toMatchObject({ text: 'end' }); // unended, but the attempt has finished: a whole line
    expect(from0.lines.some((l) => l.text.includes('\uFFFD'))).toBe(false); // pieces never split a character
    for (const offset of [50_000, 100_001, 140_000, 180_000]) {
      const later = await apiOk(daemon, 'logs.window', { run, task: 'wide', fromByte: offset, maxBytes: 1 << 20 });
      const same = from0.lines.filter((l) => l.start >= later.from);
      expect(later.lines).toEqual(same);
      const before = await apiOk(daemon, 'logs.window', { run, task: 'wide', toByte: offset, maxBytes: 40_000 });
      expect(before.lines).toEqual(from0.lines.filter((l) => l.start >= before.from && l.end <= before.to));
    }
  });

  it('says an attempt is still writing, wakes a long poll on new output, and lists every attempt of a retried task', async () => {
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['live'], date: '2024-03-01' });
    const first = await waitForAsync(async () => {
      const reply = await apiCall(daemon, 'logs.window', { run: id, task: 'live', tail: true });
      return reply.status === 200 && reply.body.lines.length === 1 ? reply.body : null;
    }, 'the first line');
    expect(first).toMatchObject({ writing: true, lines: [{ start: 0, end: 6, text: 'first' }] });
    const started = Date.now();
    const waiting = apiOk(daemon, 'logs.window', { run: id, task: 'live', fromByte: first.to, waitMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.writeFileSync(path.join(world.project, 'go'), '');
    const woke = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(woke.lines).toEqual([{ start: 6, end: 13, text: 'second' }]);
    fs.writeFileSync(path.join(world.project, 'stop'), '');
    await waitForAsync(async () => !(await apiOk(daemon, 'logs.window', { run: id, task: 'live', tail: true })).writing, 'the attempt to end');
    // A long poll on a finished attempt answers at once.
    expect((await apiOk(daemon, 'logs.window', { run: id, task: 'live', fromByte: 13, waitMs: 20_000 })).lines).toEqual([]);

    const flaky = await runToEnd('flaky');
    const latest = await apiOk(daemon, 'logs.window', { run: flaky, task: 'flaky', tail: true });
    expect([latest.attempt, latest.attempts]).toEqual([2, [1, 2]]);
    expect((await apiOk(daemon, 'logs.window', { run: flaky, task: 'flaky', attempt: 1, tail: true })).lines.map((l) => l.text)).toEqual(['try']);
  }, 30_000);

  it('downloads an attempt log as an attachment, with the same auth, 404 and 400 as the rest', async () => {
    const ok = await get(`/api/logs/download?run=${numbered}&task=numbered&attempt=1`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toBe(`attachment; filename="run-${numbered}-numbered-attempt-1.log"; filename*=UTF-8''run-${numbered}-numbered-attempt-1.log`);
    expect(ok.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(ok.body.equals(fs.readFileSync(logFile(numbered, 'numbered')))).toBe(true);
    expect((await get(`/api/logs/download?run=${numbered}&task=numbered`, {})).status).toBe(401);
    expect((await get(`/api/logs/download?run=999&task=numbered`)).status).toBe(404);
    expect((await get(`/api/logs/download?run=${numbered}&task=numbered&attempt=2`)).status).toBe(404);
    const bad = await get(`/api/logs/download?run=x&task=numbered`);
    expect([bad.status, JSON.parse(bad.body.toString()).error]).toEqual([400, 'run must be a whole number ≥ 1, not x']);
  });

  it('opens a 1 GB log at its tail in milliseconds and searches it end to end in seconds', async () => {
    const megabytes = Number(process.env.TICKWORK_TEST_LOG_MB ?? 1024);
    const run = await runToEnd('big');
    const file = logFile(run, 'big');
    // 1 MB blocks of 100-byte numbered lines, written in big writes; a marker line near the start and one near the end.
    const block = Buffer.alloc(1 << 20, 'y');
    for (let at = 99; at < block.length; at += 100) block[at] = 0x0a;
    const fd = fs.openSync(file, 'w');
    try {
      for (let k = 0; k < megabytes; k++) {
        if (k === 1 || k === megabytes - 2) block.write('NEEDLE here', 100 * 500);
        else block.write('yyyyyyyyyyy', 100 * 500);
        fs.writeSync(fd, block);
      }
    } finally {
      fs.closeSync(fd);
    }
    const size = megabytes << 20;
    try {
      let started = performance.now();
      const tail = await apiOk(daemon, 'logs.window', { run, task: 'big', tail: true });
      const tailMs = performance.now() - started;
      expect(tail.size).toBe(size);
      expect(tail.to).toBe(size);
      expect(tailMs).toBeLessThan(500);

      started = performance.now();
      const near = await searchAll({ run, task: 'big', query: 'needle', fromByte: 0, direction: 'next' });
      const nearMs = performance.now() - started;
      expect(near.match!.line.start).toBe((1 << 20) + 100 * 500);

      started = performance.now();
      const far = await searchAll({ run, task: 'big', query: 'needle', fromByte: near.match!.line.end, direction: 'next' });
      const farMs = performance.now() - started;
      expect(far.match!.line.start).toBe(size - (2 << 20) + 100 * 500);

      started = performance.now();
      const back = await searchAll({ run, task: 'big', query: 'NEEDLE', caseSensitive: true, fromByte: far.match!.line.start, direction: 'prev' });
      const backMs = performance.now() - started;
      expect(back.match!.line.start).toBe(near.match!.line.start);
      console.log(`logs API, ${megabytes} MB log: tail window ${tailMs.toFixed(0)} ms; search (any case) near the start ${nearMs.toFixed(0)} ms, near the end ${farMs.toFixed(0)} ms; back to the start (exact case) ${backMs.toFixed(0)} ms`);
      expect(nearMs).toBeLessThan(1_000);
      expect(farMs).toBeLessThan(10_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; the daemon said:\n${daemon.log().slice(-3000)}`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 120_000);
});
