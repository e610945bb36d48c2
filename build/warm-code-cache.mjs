// Writes dist/cli.cjs.v8cache by running one small real pipeline through the
// freshly built CLI (see bin/tickwork.cjs): the cache then holds the compiled
// code of the config loader, planner, store and engine, not just the bundle's
// top level. A failure here only costs start-up time, so it warns and moves on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Replaces the code cache of the bundle in `root`/dist with a warmed one. */
export function warmCodeCache(root) {
  fs.rmSync(path.join(root, 'dist', 'cli.cjs.v8cache'), { force: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tickwork-warm-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'tickwork.yaml'),
      ['name: warm-up', 'timezone: UTC', 'pipelines:', '  a: {command: ["true"]}', '  b: {command: ["true"], depends_on: [a]}', ''].join('\n'),
    );
    const result = spawnSync(process.execPath, [path.join(root, 'bin', 'tickwork.cjs'), 'run', 'b', '--project', dir, '--wait'], {
      env: { ...process.env, TICKWORK_HOME: path.join(dir, 'home') },
      encoding: 'utf8',
    });
    if (result.status !== 0) process.stderr.write(`warning: code cache warm-up run failed (exit ${result.status}); the CLI will compile on first use\n${result.stderr ?? ''}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
