import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { waitFor } from '../../helpers/wait-for.js';
import { createExecutor, type LauncherKind } from '../../../electron/engine/exec/executor-choice.js';
import { findNativeLauncher, nativeRequest } from '../../../electron/engine/exec/native-launcher.js';
import type { Executor, LaunchRequest } from '../../../electron/engine/exec/local-executor.js';
import { readAttemptStatus } from '../../../electron/engine/exec/attempt-files.js';
import { capLogFile, logMarker } from '../../../electron/engine/exec/log-cap.js';
import { LogCursor, readCutFile } from '../../../electron/engine/util/log-cursor.js';

const binary = findNativeLauncher();
let executor: Executor | undefined;
afterEach(() => executor?.dispose());

const CAP = 64 * 1024;
/** The longest marker line (a count in the millions, a newline before it). */
const MARKER_MAX = Buffer.byteLength(logMarker(999_999_999, CAP, true));

/** `count` numbered lines of 100 bytes each: what the step below writes. */
function expectedOutput(count: number, from = 0): string {
  let text = '';
  for (let i = from; i < count; i++) text += `line ${String(i).padStart(7, '0')} ${'x'.repeat(86)}\n`;
  return text;
}

/** A step writing `count` such lines (2 MB for 20,000), optionally after waiting for a file. */
function writer(count: number, waitFile?: string): LaunchRequest['command'] {
  const wait = waitFile ? `import os, time\nwhile not os.path.exists(${JSON.stringify(waitFile)}): time.sleep(0.01)\n` : '';
  return { kind: 'argv', argv: ['python3', '-c', `${wait}import sys\nfor i in range(${count}):\n    sys.stdout.write('line %07d %s\\n' % (i, 'x' * 86))\n`] };
}

function request(dir: string, id: number, command: LaunchRequest['command'], logMaxBytes = CAP): LaunchRequest {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return { attemptId: id, logPath: path.join(dir, 'logs', `task.${id}.log`), command, cwd: dir, env: {}, logMaxBytes };
}

/** Head, marker and tail of a cut log, each checked against the output it came from. */
function expectCutLog(log: string, output: string): { head: string; tail: string; cut: number } {
  const bytes = fs.readFileSync(log);
  expect(bytes.length).toBeLessThanOrEqual(CAP + MARKER_MAX);
  const text = bytes.toString('utf8');
  const match = /… \[tickwork: ([\d,]+) bytes cut from the middle; log_max 64 KB\] …\n/.exec(text);
  expect(match).not.toBeNull();
  const head = text.slice(0, match!.index);
  const tail = text.slice(match!.index + match![0].length);
  const cut = Number(match![1]!.replace(/,/g, ''));
  // The head is the output's start and the tail its end, both at line boundaries; the marker counts exactly what is missing.
  expect(output.startsWith(head)).toBe(true);
  expect(output.endsWith(tail)).toBe(true);
  expect(head.endsWith('\n') && tail.startsWith('line ')).toBe(true);
  expect(cut).toBe(Buffer.byteLength(output) - Buffer.byteLength(head) - Buffer.byteLength(tail));
  expect(head.length).toBeGreaterThan(CAP / 2 - 200);
  expect(tail.length).toBeGreaterThanOrEqual(CAP / 4 - 100);
  return { head, tail, cut };
}

describe.each<LauncherKind>(['native', 'sh', 'direct'])('a capped log under the %s launcher', (kind) => {
  it('keeps the head and the tail of 2 MB of output within log_max 64KB, with a marker saying what was cut', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 1, writer(20_000));
    expect(await executor.launch(req).ended).toEqual({ kind: 'exited', exitCode: 0 });
    // The engine caps the log at the attempt's end where the launcher could not (attempt-runner.ts does this).
    if (!executor.capsLogs) capLogFile(req.logPath, CAP);
    const { head, tail } = expectCutLog(req.logPath, expectedOutput(20_000));
    expect(head.startsWith('line 0000000 ')).toBe(true);
    expect(tail.endsWith(`line 0019999 ${'x'.repeat(86)}\n`)).toBe(true);
  });

  it('leaves output within the cap as written, and writes no cut record', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 2, { kind: 'shell', script: 'echo out; echo err >&2; echo out2; exit 3' });
    expect(await executor.launch(req).ended).toEqual({ kind: 'exited', exitCode: 3 });
    if (!executor.capsLogs) capLogFile(req.logPath, CAP);
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe('out\nerr\nout2\n');
    expect(readCutFile(req.logPath)).toBeNull();
  });
});

describe.runIf(binary !== null)('the native launcher capping a log', () => {
  it('holds the cap while no engine runs: the engine gone, an attempt still writing 2 MB', async () => {
    const w = tempWorld();
    const go = path.join(w.root, 'go');
    const req = request(w.root, 3, writer(20_000, go));
    const launcher = spawn(binary!, [], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => launcher.on('exit', resolve));
    launcher.stdin.end(nativeRequest(req)); // the engine writes the request and dies
    await waitFor(() => readAttemptStatus(req.logPath, 3).pid, 'the attempt to start');
    fs.writeFileSync(go, '');
    await exited;
    expect(readAttemptStatus(req.logPath, 3).exit).toBe(0);
    expectCutLog(req.logPath, expectedOutput(20_000));
  });

  it('has everything the attempt wrote in the log by the time its exit is reported', async () => {
    const w = tempWorld();
    executor = createExecutor('native');
    const req = request(w.root, 4, { kind: 'shell', script: 'i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done; echo last >&2' });
    expect(await executor.launch(req).ended).toEqual({ kind: 'exited', exitCode: 0 });
    const text = fs.readFileSync(req.logPath, 'utf8');
    expect(text.endsWith('line 299\nlast\n')).toBe(true);
  });

  it('reports the exit of an attempt whose background child still holds its output, and writes what that child prints later', async () => {
    const w = tempWorld();
    executor = createExecutor('native');
    const req = request(w.root, 6, { kind: 'shell', script: '(while [ ! -f go ]; do sleep 0.02; done; echo late) & echo early' });
    expect(await executor.launch(req).ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe('early\n');
    fs.writeFileSync(path.join(w.root, 'go'), '');
    await waitFor(() => fs.readFileSync(req.logPath, 'utf8') === 'early\nlate\n', 'the late line in the log');
  });

  it('lets a follower read the log while it is cut: every line whole and in order, a marker where output was skipped', async () => {
    const w = tempWorld();
    executor = createExecutor('native');
    // Bursts of 20 KB: the follower (a look every 40 ms) reads some whole, and cuts overtake it between others.
    const script = `import sys, time\nfor i in range(6000):\n    sys.stdout.write('line %07d %s\\n' % (i, 'x' * 86))\n    if i % 200 == 199:\n        sys.stdout.flush(); time.sleep(0.015)\n`;
    const req = request(w.root, 5, { kind: 'argv', argv: ['python3', '-c', script] });
    const proc = executor.launch(req);
    let done = false;
    void proc.ended.then(() => (done = true));
    const cursor = new LogCursor(req.logPath);
    const seen: Buffer[] = [];
    for (;;) {
      const finished = done;
      for (let chunk = cursor.read(); chunk.length > 0; chunk = cursor.read()) seen.push(chunk);
      if (finished && cursor.atEnd()) break;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const lines = Buffer.concat(seen).toString('utf8').split('\n').filter(Boolean);
    let last = -1;
    let markers = 0;
    for (const line of lines) {
      if (line.startsWith('… [tickwork: ')) {
        markers++;
        continue;
      }
      const match = /^line (\d{7}) x{86}$/.exec(line);
      expect(match, `a whole line, got ${JSON.stringify(line)}`).not.toBeNull();
      const number = Number(match![1]);
      expect(number).toBeGreaterThan(last);
      // A gap only ever follows a marker.
      if (number !== last + 1) expect(lines[lines.indexOf(line) - 1]!.startsWith('… [tickwork: ')).toBe(true);
      last = number;
    }
    expect(last).toBe(5999);
    expect(markers).toBeGreaterThan(0);
    // What it read ends as the log ends.
    const log = fs.readFileSync(req.logPath, 'utf8');
    expect(Buffer.concat(seen).toString('utf8').endsWith(log.slice(log.lastIndexOf('… [tickwork: ')).split('\n').slice(1).join('\n'))).toBe(true);
  });
});

describe('capLogFile', () => {
  it('writes the same marker as the native launcher for the same output', async () => {
    const w = tempWorld();
    const output = expectedOutput(20_000);
    const file = path.join(w.root, 'by-engine.log');
    fs.writeFileSync(file, output);
    const cut = capLogFile(file, CAP);
    const { head } = expectCutLog(file, output);
    // Both cut the head at the same line break; the marker text is the one logMarker writes.
    expect(fs.readFileSync(file, 'utf8')).toContain(logMarker(cut, CAP, false));
    expect(head.length).toBe(32_700);
    // Cutting again changes nothing: the log was capped already.
    expect(capLogFile(file, CAP)).toBe(0);
  });

  it('ends the head at a whole character when there is no line break near it', () => {
    const w = tempWorld();
    const file = path.join(w.root, 'one-line.log');
    const output = 'é'.repeat(100_000); // 200,000 bytes, no newline
    fs.writeFileSync(file, output);
    capLogFile(file, CAP);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/^é+\n… \[tickwork: [\d,]+ bytes cut from the middle; log_max 64 KB\] …\né+$/);
  });

  it('leaves a log just over the cap as written when the cut would be smaller than its marker', () => {
    const w = tempWorld();
    const file = path.join(w.root, 'just-over.log');
    const output = 'x'.repeat(CAP + 10); // no line break: the cut is 10 bytes, the marker ~70
    fs.writeFileSync(file, output);
    expect(capLogFile(file, CAP)).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(output);
  });
});
