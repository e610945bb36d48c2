import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('why a task failed, as the CLI says it', () => {
  it('names the on_error rule by what it matched, in progress lines and status', async () => {
    const w = tempWorld();
    w.writeProject(`
name: rules
pipelines:
  fetch:
    command: "echo 'Connection reset by peer' >&2; exit 3"
    retry_delay: 10ms
    on_error:
      - {exit_code: 3, action: retry, max_attempts: 2}
  parse:
    command: "echo 'ValueError: bad row' >&2; exit 1"
    on_error:
      - {output: "Connection reset", action: retry}
      - {output: "ValueError", action: fail}
`);
    const fetch = await tickwork(w.home, ['run', 'fetch', '--wait', '--project', w.project]);
    expect(fetch.code).toBe(1);
    expect(fetch.stdout).toMatch(/^ {2}↻ fetch: exit code 3, matched on_error rule "exit_code: 3"; retry 1\/1 in \d+ms$/m);
    expect(fetch.stdout).toMatch(/^ {2}✗ fetch \S+: exit code 3, matched on_error rule "exit_code: 3"; retries exhausted after 2 attempts$/m);
    const parse = await tickwork(w.home, ['run', 'parse', '--wait', '--project', w.project]);
    expect(parse.stdout).toMatch(/^ {2}✗ parse \S+: exit code 1, matched on_error rule matching "ValueError" \(action: fail\)$/m);
    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout) as Array<{ pipeline: string; reason: string }>;
    expect(status.find((s) => s.pipeline === 'parse')!.reason).toBe('exit code 1, matched on_error rule matching "ValueError" (action: fail)');
    expect(fetch.stdout + parse.stdout).not.toContain('on_error[');
  });

  it.each(['native', 'sh', 'bash', 'direct'])('says "command not found" for a shell command or an argv program that does not exist (%s launcher)', async (launcher) => {
    const w = tempWorld();
    w.writeProject(`
name: missing
pipelines:
  shell: {command: "nosuchtool --x"}
  script: {command: "echo starting; ./nosuch.sh --x"}
  argv: {command: ["nosuchtool", "--x"]}
`);
    const env = { TICKWORK_LAUNCHER: launcher };
    const shell = await tickwork(w.home, ['run', 'shell', '--wait', '--project', w.project], { env });
    expect(shell.code).toBe(1);
    expect(shell.stdout).toMatch(/^ {2}✗ shell \S+: command not found: nosuchtool; exit code 127$/m);
    const script = await tickwork(w.home, ['run', 'script', '--wait', '--project', w.project], { env });
    expect(script.stdout).toMatch(/^ {2}✗ script \S+: command not found: \.\/nosuch\.sh; exit code 127$/m);
    const argv = await tickwork(w.home, ['run', 'argv', '--wait', '--project', w.project], { env });
    expect(argv.code).toBe(1);
    expect(argv.stdout).toMatch(/^ {2}✗ argv \S+: (could not start: )?command not found: nosuchtool \(not on PATH: .*\)/m);
    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout) as Array<{ pipeline: string; reason: string }>;
    expect(status.find((s) => s.pipeline === 'shell')!.reason).toBe('command not found: nosuchtool; exit code 127');
  });
});
