import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

function failingProject(): TempWorld {
  const w = tempWorld();
  w.writeProject(`
name: tail
params: {api_key: "sk-live-1234"}
pipelines:
  metrics:
    command: "for i in $(seq 1 25); do echo \\"line $i\\"; done; echo '  indented  '; echo \\"key=$API_TOKEN\\" >&2; echo; echo '   '; exit 3"
    env: {API_TOKEN: "{{ params.api_key }}"}
  report: {command: ["true"], depends_on: [metrics]}
`);
  return w;
}

/** The lines printed under the `✗ metrics` line, up to the next progress line. */
function linesUnderFailure(stdout: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => /^ {2}✗ metrics \S+: exit code 3$/.test(line));
  expect(at, stdout).toBeGreaterThan(0);
  const under: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!line.startsWith('      ')) break;
    under.push(line);
  }
  return under;
}

const EXPECTED = [
  ...Array.from({ length: 18 }, (_, i) => `      line ${i + 8}`),
  '        indented  ', // its own spaces kept: only trailing blank lines are dropped
  '      key=***',
];

describe('a failed task in run --wait progress', () => {
  it('prints the last 20 lines of its output under its ✗ line, indented, with secrets masked (no daemon)', async () => {
    const w = failingProject();
    const out = await tickwork(w.home, ['run', 'report', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expect(linesUnderFailure(out.stdout)).toEqual(EXPECTED);
    expect(out.stdout).not.toContain('sk-live-1234');
    expect(out.stdout).toContain('  ⊘ report not run: upstream metrics failed');
  });

  it('prints the same lines when the daemon drives the run', async () => {
    const w = failingProject();
    const daemon = await startDaemon(w.home, w.project);
    daemons.push(daemon.child);
    const out = await tickwork(w.home, ['run', 'report', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('the daemon drives it; following it here');
    expect(linesUnderFailure(out.stdout)).toEqual(EXPECTED);
    expect(out.stdout + daemon.log()).not.toContain('sk-live-1234');
  });

  it('prints nothing under the ✗ line of a task that printed nothing', async () => {
    const w = tempWorld();
    w.writeProject(`
name: quiet
pipelines:
  metrics: {command: "exit 3"}
`);
    const out = await tickwork(w.home, ['run', 'metrics', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expect(linesUnderFailure(out.stdout)).toEqual([]);
  });
});
