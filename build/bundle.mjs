// Bundles the TypeScript entry points into dist/ with esbuild, so the CLI starts
// in tens of milliseconds (no TypeScript loader at run time).
import { warmCodeCache } from './warm-code-cache.mjs';
import { buildNativeLauncher } from './native-launcher.mjs';
import { buildRenderer } from './renderer-build.mjs';
import { buildPreload } from './preload-build.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// `npm install -g .` in a fresh clone runs this (prepare) without installing
// the clone's devDependencies: say what to run instead of a module-not-found trace.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('tickwork: esbuild is not installed here: run `npm install` in this clone first (it installs the build tools and builds), then `npm install -g .`\n');
  process.exit(1);
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** What every Node-side bundle shares: one CommonJS file for Node 20, identifiers kept readable in stack traces. */
const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // Whitespace and syntax only: identifiers stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

await build({
  ...nodeBundle,
  entryPoints: { cli: path.join(root, 'electron/cli/main.ts') },
  outdir: path.join(root, 'dist'),
  outExtension: { '.js': '.cjs' },
  // node-notifier finds its vendored macOS/Windows notifier binaries via __dirname,
  // which bundling would point at dist/: load it from node_modules instead.
  external: ['better-sqlite3', 'node-notifier', '@duckdb/node-bindings'],
  // import() becomes require(): bin/tickwork.cjs compiles the bundle with a V8
  // code cache (vm.Script), where a native import() would need a Node flag.
  supported: { 'dynamic-import': false },
});

// The desktop shell's Electron main (electron/app/entry.ts; the engine runs in the daemon it attaches to or forks, not here).
await build({
  ...nodeBundle,
  entryPoints: [path.join(root, 'electron/app/entry.ts')],
  outfile: path.join(root, 'dist/app/main.cjs'),
  external: ['electron', 'better-sqlite3', 'node-notifier'],
});
await buildPreload(build, root);
buildNativeLauncher(root);
warmCodeCache(root);
await buildRenderer(root);
