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
});
