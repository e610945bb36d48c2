import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

/** Starts `logs ARGS --follow` and collects what it prints. */
function follow(home: string, args: readonly string[]): { readonly exited: Promise<number | null>; stdout(): string; stderr(): string } {
  const child = startTickwork(home, ['logs', ...args, '--follow']);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (err += c));
  return { exited: exitOf(child), stdout: () => out, stderr: () => err };
}

describe('logs --follow says how the run ended when following stops because of it', () => {
  it('prints `run 1 cancelled` when the run it follows is cancelled', async () => {
    const w = tempWorld();
    w.writeProject('name: end\npipelines:\n  slow: {command: ["sh", "-c", "echo started; while [ ! -f go ]; do sleep 0.05; done"]}\n');
    expect((await tickwork(w.home, ['run', 'slow', '--project', w.project])).code).toBe(0); // a background engine drives it
    const log = path.join(w.home, 'logs', '1', 'slow.1.log');
    await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('started'), 'the task to start');
    const follower = follow(w.home, ['1']);
    await waitFor(() => follower.stdout().includes('started\n'), 'the follower to print the output so far');
    expect((await tickwork(w.home, ['cancel', '1'])).code).toBe(0);
    expect(await follower.exited).toBe(0);
    expect(follower.stderr()).toBe('run 1 cancelled (cancelled by user)\n');
    expect(follower.stdout()).toBe('==> slow (attempt 1, running) <==\nstarted\n');
  });

  it('prints the end state on stderr, so a single task’s stdout stays its log byte for byte', async () => {
    const w = tempWorld();
    w.writeProject('name: end\npipelines:\n  quick: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done; printf \'done\\\\n\'; exit 2"]}\n');
    expect((await tickwork(w.home, ['run', 'quick', '--project', w.project])).code).toBe(0);
    const log = path.join(w.home, 'logs', '1', 'quick.1.log');
    await waitFor(() => fs.existsSync(log), 'the task to start');
    const follower = follow(w.home, ['1', '--task', 'quick']);
    fs.writeFileSync(w.file('go'), '');
    expect(await follower.exited).toBe(0);
    expect(follower.stderr()).toBe('run 1 failed (failed: quick)\n');
    expect(follower.stdout()).toBe(fs.readFileSync(log, 'utf8'));
    expect(follower.stdout()).toBe('done\n');
  });
});
