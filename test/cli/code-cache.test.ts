import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const ROOT = path.dirname(path.dirname(CLI));

/** A copy of bin/ and dist/cli.cjs (no cache), resolving packages from the checkout's node_modules. */
function installCopy(): { bin: string; cache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-cache-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(CLI, path.join(dir, 'bin', 'tickwork.cjs'));
  fs.copyFileSync(path.join(ROOT, 'dist', 'cli.cjs'), path.join(dir, 'dist', 'cli.cjs'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { bin: path.join(dir, 'bin', 'tickwork.cjs'), cache: path.join(dir, 'dist', 'cli.cjs.v8cache') };
}

function version(bin: string): string {
  const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('bin/tickwork.cjs code cache', () => {
  it('is written by the first start, used as it is by the next, and replaced when V8 rejects it', () => {
    const { bin, cache } = installCopy();
    expect(fs.existsSync(cache)).toBe(false);
    const first = version(bin);
    expect(first).toMatch(/^tickwork \d+\.\d+\.\d+/);
    const written = fs.readFileSync(cache);
    expect(written.length).toBeGreaterThan(1000);

    // Accepted: the next start neither fails nor rewrites it.
    const inode = fs.statSync(cache).ino;
    expect(version(bin)).toBe(first);
    expect(fs.statSync(cache).ino).toBe(inode);
    expect(fs.readFileSync(cache).equals(written)).toBe(true);

    // Garbage (a truncated write, another Node's cache) costs one compile and is replaced.
    fs.writeFileSync(cache, 'not a code cache');
    expect(version(bin)).toBe(first);
    expect(fs.readFileSync(cache).length).toBeGreaterThan(1000);
    expect(fs.readdirSync(path.dirname(cache)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
