import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { CLI, exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

describe('tickwork logs on awkward logs', () => {
  it('follows output byte for byte, even output that is not UTF-8', async () => {
    const w = tempWorld();
    w.writeProject(`
name: bytes
pipelines:
  raw: {command: ["sh", "-c", "printf '\\\\377\\\\376\\\\303(first\\\\n'; while [ ! -f go ]; do sleep 0.05; done; echo NEXTLINE"]}
`);
    const run = startTickwork(w.home, ['run', 'raw', '--wait', '--project', w.project]);
    run.stdout!.resume();
    const log = path.join(w.home, 'logs', '1', 'raw.1.log');
    await waitFor(() => fs.existsSync(log) && fs.statSync(log).size > 0, 'the first bytes');
    const follower = startTickwork(w.home, ['logs', '1', '--task', 'raw', '--follow']);
    const chunks: Buffer[] = [];
    follower.stdout!.on('data', (c: Buffer) => chunks.push(c));
    await waitFor(() => Buffer.concat(chunks).length >= 10, 'the follower to print the first bytes');
    fs.writeFileSync(w.file('go'), '');
    expect(await exitOf(run)).toBe(0);
    expect(await exitOf(follower)).toBe(0);
    expect(Buffer.concat(chunks).equals(fs.readFileSync(log))).toBe(true);
    expect(Buffer.concat(chunks).toString('latin1')).toContain('NEXTLINE\n');
  });

  it('prints the last lines of a large log without reading it all, and stops quietly when its reader goes', async () => {
    const w = tempWorld();
    // ~6 MB of numbered lines, the last one without a newline.
    w.writeProject(`
name: big
pipelines:
  big: {command: ["node", "-e", "let s=''; for (let i = 1; i <= 300000; i++) s += 'line ' + i + ' ' + 'x'.repeat(12) + '\\\\n'; process.stdout.write(s + 'tail without newline')"]}
`);
    expect((await tickwork(w.home, ['run', 'big', '--wait', '--project', w.project])).code).toBe(0);
    const tail = await tickwork(w.home, ['logs', '1', '--task', 'big', '--tail', '2']);
    expect(tail.stdout).toBe(`line 300000 ${'x'.repeat(12)}\ntail without newline`);
    expect(tail.code).toBe(0);

    const piped = spawn('sh', ['-c', `"${process.execPath}" "${CLI}" logs 1 --task big | head -1`], { env: { ...process.env, TICKWORK_HOME: w.home } });
    let out = '';
    let err = '';
    piped.stdout.on('data', (c) => (out += c));
    piped.stderr.on('data', (c) => (err += c));
    expect(await exitOf(piped)).toBe(0);
    expect(out).toBe(`line 1 ${'x'.repeat(12)}\n`);
    expect(err).toBe(''); // no EPIPE stack trace
  });

  it('tells a follower once, and status, when a run has lost its engine', async () => {
    const w = tempWorld();
    w.writeProject('name: lost\npipelines:\n  slow: {command: ["sh", "-c", "echo started; while [ ! -f go ]; do sleep 0.05; done"]}\n');
    const run = startTickwork(w.home, ['run', 'slow', '--wait', '--project', w.project]);
    let out = '';
    run.stdout!.on('data', (c) => (out += c));
    await waitFor(() => out.includes('▶ slow'), 'slow to start');
    run.kill('SIGKILL');
    await exitOf(run);
    const follower = startTickwork(w.home, ['logs', '1', '--follow']);
    let err = '';
    follower.stderr!.on('data', (c) => (err += c));
    follower.stdout!.resume();
    await waitFor(() => err.includes('run 1 has no engine'), 'the notice');
    expect(err).toBe('tickwork logs: run 1 has no engine (the process driving it was killed); `tickwork resume` carries it on. Still following.\n');
    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout);
    expect(status[0].next_action).toBe('running (attempt 1); its run has no engine: tickwork resume');
    fs.writeFileSync(w.file('go'), '');
    expect((await tickwork(w.home, ['resume'])).code).toBe(0);
    expect(await exitOf(follower)).toBe(0); // the run ended: the follower ends too
  });
});
