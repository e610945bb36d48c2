// Builds dist/tickwork-launcher from electron/engine/exec/native/*.c
// with the machine's C compiler (the one node-gyp already needs for
// better-sqlite3). Without a compiler the engine falls back to the /bin/sh
// launcher, so a failure here warns and moves on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Compiles the native launcher into `root`/dist; returns its path, or null when it could not be built. */
export function buildNativeLauncher(root) {
  const dir = path.join(root, 'electron', 'engine', 'exec', 'native');
  const sources = ['tickwork-launcher.c', 'spawn-program.c', 'log-cap.c'].map((file) => path.join(dir, file));
  const output = path.join(root, 'dist', 'tickwork-launcher');
  const temp = `${output}.${process.pid}.tmp`;
  fs.rmSync(output, { force: true });
  const compilers = [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean);
  for (const cc of compilers) {
    const result = spawnSync(cc, ['-O2', '-std=c99', '-Wall', '-Wextra', '-o', temp, ...sources], { encoding: 'utf8' });
    if (result.error?.code === 'ENOENT') continue;
    if (result.status === 0) {
      fs.renameSync(temp, output);
      return output;
    }
    fs.rmSync(temp, { force: true });
    process.stderr.write(`warning: ${cc} could not build the native launcher; attempts will start through /bin/sh\n${result.stderr ?? ''}`);
    return null;
  }
  process.stderr.write('warning: no C compiler (cc, gcc, clang) found; attempts will start through /bin/sh (slower)\n');
  return null;
}
