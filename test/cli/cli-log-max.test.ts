import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

/** A step printing `count` numbered 100-byte lines from `from` (gen.py, written into the project). */
function lines(from: number, count: number): string {
  return `python3 gen.py ${from} ${count}`;
}

const GEN = "import sys\nstart, count = int(sys.argv[1]), int(sys.argv[2])\nfor i in range(start, start + count):\n    sys.stdout.write('line %07d %s\\n' % (i, 'x' * 86))\n";

const MARKER = /… \[tickwork: ([\d,]+) bytes cut from the middle; log_max (64|256) KB\] …\n/;

describe('log_max through the CLI', () => {
  it('caps every attempt log at the project log_max or its pipeline own, and `tickwork logs` shows head, marker and tail', async () => {
    const w = tempWorld();
    w.writeProject(`
name: capped
log_max: 64KB
pipelines:
  big: {command: '${lines(0, 20_000)}'}
  wide: {command: '${lines(0, 20_000)}', log_max: 256KB}
  whole: {command: '${lines(0, 3_000)}', log_max: none}
`);
    fs.writeFileSync(w.file('gen.py'), GEN);
    const run = await tickwork(w.home, ['run', 'big', 'wide', 'whole', '--wait', '--project', w.project]);
    expect(run.code).toBe(0);
    const logOf = (task: string): string => path.join(w.home, 'logs', '1', `${task}.1.log`);
    expect(fs.statSync(logOf('big')).size).toBeLessThanOrEqual(64 * 1024 + 100);
    expect(fs.statSync(logOf('wide')).size).toBeLessThanOrEqual(256 * 1024 + 100);
    expect(fs.statSync(logOf('wide')).size).toBeGreaterThan(128 * 1024);
    expect(fs.statSync(logOf('whole')).size).toBe(300_000);

    const shown = await tickwork(w.home, ['logs', '1', '--task', 'big']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(fs.readFileSync(logOf('big'), 'utf8'));
    const marker = MARKER.exec(shown.stdout)!;
    expect(marker[2]).toBe('64');
    expect(shown.stdout.startsWith(`line 0000000 ${'x'.repeat(86)}\n`)).toBe(true);
    expect(shown.stdout.endsWith(`line 0019999 ${'x'.repeat(86)}\n`)).toBe(true);
    const kept = Buffer.byteLength(shown.stdout) - Buffer.byteLength(marker[0]);
    expect(Number(marker[1]!.replace(/,/g, ''))).toBe(2_000_000 - kept);
    expect((await tickwork(w.home, ['logs', '1', '--task', 'big', '--tail', '1'])).stdout).toBe(`line 0019999 ${'x'.repeat(86)}\n`);
  });

  it('follows a log that is being cut: whole lines in order, a marker where output was cut, the end as it ends', async () => {
    const w = tempWorld();
    w.writeProject(`
name: follow
log_max: 64KB
pipelines:
  big: {command: '${lines(0, 10_000)}; while [ ! -f go ]; do sleep 0.02; done; ${lines(10_000, 10_000)}'}
`);
    fs.writeFileSync(w.file('gen.py'), GEN);
    const run = startTickwork(w.home, ['run', 'big', '--wait', '--project', w.project]);
    run.stdout!.resume();
    const log = path.join(w.home, 'logs', '1', 'big.1.log');
    await waitFor(() => fs.existsSync(`${log}.cut`) && fs.readFileSync(log, 'utf8').includes('line 0009999'), 'the first half, cut');
    const follower = startTickwork(w.home, ['logs', '1', '--task', 'big', '--follow']);
    let out = '';
    follower.stdout!.on('data', (c) => (out += c));
    await waitFor(() => out.includes('line 0009999'), 'the follower to print what is there');
    fs.writeFileSync(w.file('go'), '');
    expect(await exitOf(run)).toBe(0);
    expect(await exitOf(follower)).toBe(0);
    let last = -1;
    for (const line of out.split('\n').filter(Boolean)) {
      if (line.startsWith('… [tickwork: ')) continue;
      const number = Number(/^line (\d{7}) x{86}$/.exec(line)![1]);
      expect(number).toBeGreaterThan(last);
      last = number;
    }
    expect(last).toBe(19_999);
    expect(out.match(/… \[tickwork: /g)!.length).toBeGreaterThanOrEqual(2); // the one shown at first, and one for the second half
  });
});
