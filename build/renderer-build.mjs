// Builds the dashboard (renderer/, React + Vite) into dist/renderer/, which the
// daemon serves at http://127.0.0.1:PORT/. Quiet unless something is wrong, and
// skipped when nothing it reads changed since the last build (dist/renderer/.built).
// Two builds at once (two engineers, or a test and a build) each swap in a whole tree.
import fs from 'node:fs';
import path from 'node:path';

/** The newest modification time (ms) of the files under `dirs`, and of `files`. */
function newestMtime(root, dirs, files) {
  let newest = 0;
  const visit = (full) => {
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of fs.readdirSync(full)) visit(path.join(full, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const dir of dirs) visit(path.join(root, dir));
  for (const file of files) visit(path.join(root, file));
  return newest;
}

/** Builds renderer/ into dist/renderer/ with Vite's JS API (no config file). */
export async function buildRenderer(root) {
  const outDir = path.join(root, 'dist', 'renderer');
  const stamp = path.join(outDir, '.built');
  const inputs = newestMtime(root, ['renderer', 'shared'], ['package-lock.json', 'build/renderer-build.mjs']);
  const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > inputs && fs.existsSync(path.join(outDir, 'index.html'))) return;
  let vite;
  let react;
  try {
    vite = await import('vite');
    react = (await import('@vitejs/plugin-react')).default;
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write('tickwork: vite is not installed here: run `npm install` in this clone first\n');
    process.exit(1);
  }
  // Built beside, then swapped in with two renames: a daemon serving dist/renderer never sees it half-written or missing.
  const nextDir = path.join(root, 'dist', `.renderer-next-${process.pid}`);
  const oldDir = path.join(root, 'dist', `.renderer-old-${process.pid}`);
  fs.rmSync(nextDir, { recursive: true, force: true });
  await vite.build({
    root: path.join(root, 'renderer'),
    base: '/',
    configFile: false,
    envFile: false,
    publicDir: false,
    logLevel: 'warn',
    clearScreen: false,
    plugins: [react()],
    build: {
      outDir: nextDir,
      emptyOutDir: true,
      // Nothing inlined as data: URIs (fonts would break the CSP), no inline scripts either.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1000,
    },
  });
  fs.writeFileSync(path.join(nextDir, '.built'), new Date().toISOString() + '\n');
  try {
    fs.renameSync(outDir, oldDir);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error; // first build, or another build is swapping right now
  }
  try {
    fs.renameSync(nextDir, outDir);
  } catch (error) {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    fs.rmSync(nextDir, { recursive: true, force: true }); // another build swapped its tree in first: it is as new
  }
  fs.rmSync(oldDir, { recursive: true, force: true });
}
