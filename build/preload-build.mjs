// Bundles the dashboard window's preload (electron/app/preload.ts) into
// dist/app/preload.cjs. The window is sandboxed, and a sandboxed preload can
// require only 'electron' (and a few polyfilled modules): everything else,
// the shared contract included, must be inlined, and nothing Node-only used.
import path from 'node:path';

/** esbuild options of the preload bundle (the preload test builds with them too). */
export function preloadBuildOptions(root) {
  return {
    entryPoints: [path.join(root, 'electron/app/preload.ts')],
    outfile: path.join(root, 'dist/app/preload.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    sourcemap: false,
    logLevel: 'warning',
  };
}

/** Writes dist/app/preload.cjs. */
export async function buildPreload(build, root) {
  await build(preloadBuildOptions(root));
}
