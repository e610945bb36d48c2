import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

// A PATH of six entries, none holding nosuchtool.
const SEARCH = '/nonexistent/a:/nonexistent/b:/nonexistent/c:/nonexistent/d:/usr/bin:/bin';

describe('a missing argv program, as run --wait says it', () => {
  it.each(['native', 'sh', 'bash', 'direct'])('names it once, with the first PATH entries, the same reason as a shell gives (%s launcher)', async (launcher) => {
    const w = tempWorld();
    w.writeProject(`
name: missing
pipelines:
  argv: {command: ["nosuchtool", "--x"], env: {PATH: "${SEARCH}"}}
`);
    const out = await tickwork(w.home, ['run', 'argv', '--wait', '--project', w.project], { env: { TICKWORK_LAUNCHER: launcher } });
    expect(out.code).toBe(1);
    const reason = 'command not found: nosuchtool (not on PATH: /nonexistent/a:/nonexistent/b:/nonexistent/c:…); exit code 127';
    expect(out.stdout).toMatch(new RegExp(`^ {2}✗ argv \\d+ms: ${reason.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(out.stdout.split('not on PATH').length - 1).toBe(1); // not again under the ✗ line
    expect(out.stdout).not.toContain('/usr/bin:/bin');
    // The log keeps Tickwork's line for `tickwork logs`.
    expect((await tickwork(w.home, ['logs', '1', '--task', 'argv'])).stdout).toContain('tickwork: command not found: nosuchtool (not on PATH: /nonexistent/a:/nonexistent/b:/nonexistent/c:…)\n');
  });
});
