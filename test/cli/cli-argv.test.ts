import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe.each(['native', 'sh', 'direct'])('argv commands run their program, never a shell builtin (%s launcher)', (launcher) => {
  const env = { TICKWORK_LAUNCHER: launcher };

  it('runs the program found on PATH, and names a missing one', async () => {
    const w = tempWorld();
    w.writeProject(`
name: argv
pipelines:
  literal: {command: ["echo", "a\\\\tb\\\\cSTILL HERE"]}
  builtin_only: {command: ["exit", "0"], retries: 0}
  missing: {command: ["no-such-program-xyz", "--flag"], retries: 0}
`);
    const run = await tickwork(w.home, ['run', 'literal', 'builtin_only', 'missing', '--wait', '--project', w.project], { env });
    expect(run.code).toBe(1);
    // /bin/echo prints its argument as given; sh's builtin echo would turn \\t into a tab and stop at \\c.
    expect((await tickwork(w.home, ['logs', '1', '--task', 'literal'])).stdout).toBe('a\\tb\\cSTILL HERE\n');
    const tasks = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout)[0];
    expect(tasks.state).toBe('failed');
    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout) as Array<{ pipeline: string; state: string; reason: string | null }>;
    const reasonOf = (name: string) => status.find((s) => s.pipeline === name)!;
    expect(reasonOf('literal').state).toBe('succeeded');
    expect(reasonOf('builtin_only')).toMatchObject({ state: 'failed' });
    expect(reasonOf('builtin_only').reason).toContain('command not found: exit');
    expect(reasonOf('missing').reason).toContain('command not found: no-such-program-xyz');
    expect((await tickwork(w.home, ['logs', '1', '--task', 'missing'])).stdout).toMatch(/(^|\n)tickwork: command not found: no-such-program-xyz \(not on PATH: .+\)\n$/);
  });
});
