import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { CLI, type CliResult } from '../helpers/cli.js';

/** Runs `command` as a program (its #! line picks node from PATH), as a shell would run `tickwork`. */
function runProgram(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('installed like a tool', () => {
  it('runs through the links `npm install -g .` makes, from a directory outside the checkout', async () => {
    const w = tempWorld();
    // What npm lays out under a global prefix for a folder install: lib/node_modules/tickwork → the
    // clone, and bin/tickwork → ../lib/node_modules/tickwork/bin/tickwork.cjs (both relative links).
    const prefix = path.join(w.root, 'prefix');
    const clone = path.dirname(path.dirname(CLI));
    fs.mkdirSync(path.join(prefix, 'lib', 'node_modules'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'));
    fs.symlinkSync(path.relative(path.join(prefix, 'lib', 'node_modules'), clone), path.join(prefix, 'lib', 'node_modules', 'tickwork'));
    fs.symlinkSync(path.join('..', 'lib', 'node_modules', 'tickwork', 'bin', 'tickwork.cjs'), path.join(prefix, 'bin', 'tickwork'));
    const env = { TICKWORK_HOME: w.home, PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin` };

    const version = await runProgram('tickwork', ['--version'], { cwd: w.root, env });
    expect(version.stderr).toBe('');
    expect(version.stdout).toMatch(/^tickwork \d+\.\d+\.\d+\n$/);

    // The bundle's own requires (better-sqlite3's native addon) and the native launcher resolve from the clone.
    expect((await runProgram('tickwork', ['init'], { cwd: w.project, env })).code).toBe(0);
    const run = await runProgram('tickwork', ['run', 'daily', '--wait', '--date', '2025-02-03'], { cwd: w.project, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/run 1 succeeded/);

    // The service points at the real entry, not at the link a PATH change could drop.
    const unit = await runProgram('tickwork', ['service', 'install', '--print'], { cwd: w.project, env: { ...env, TICKWORK_SERVICE_MANAGER: 'systemd' } });
    expect(unit.stdout).toContain(`ExecStart="${process.execPath}" "${fs.realpathSync(CLI)}" "up"`);
  });
});
