// The dashboard's initial JavaScript: the scripts dist/renderer/index.html
// loads eagerly (<script src>, <link rel=modulepreload>) and every chunk they
// import statically, each gzipped here (zlib's default level, as an HTTP
// server would send it); and whether the DAG layout (the run-dag chunk and
// elkjs's worker) stays out of that set, loaded by a dynamic import().
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { BenchError } from './daemon.mjs';

/** Static imports of a built ES module chunk: `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"` (not `import("./x.js")`). */
function staticImports(code) {
  const found = new Set();
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/** Dynamic imports of a chunk: `import("./x.js")`. */
function dynamicImports(code) {
  return [...new Set([...code.matchAll(/import\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g)].map((m) => m[1]))];
}

/**
 * Measures `dist/renderer` under `root`. Returns { files: [{ file, bytes,
 * gzip }], gzipBytes, rawBytes, css: { gzipBytes }, lazy: [{ file, gzip }],
 * dagLazy: boolean | null (null: no DAG chunk found), dagFiles }.
 */
export function measureInitialJs(root) {
  const dir = path.join(root, 'dist', 'renderer');
  let html;
  try {
    html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  } catch {
    throw new BenchError(`ui: no ${path.join(dir, 'index.html')}; run npm run build first`);
  }
  const local = (url) => path.join(dir, url.replace(/^\//, '').split(/[?#]/)[0]);
  const entries = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"[^>]*>/g)].map((m) => m[1]),
  ].map(local);
  const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>/g)].map((m) => local(m[1]));
  const gz = (file) => zlib.gzipSync(fs.readFileSync(file)).length;
  const eager = new Map();
  const lazyRefs = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift();
    if (eager.has(file)) continue;
    const code = fs.readFileSync(file, 'utf8');
    eager.set(file, { file: path.relative(dir, file), bytes: Buffer.byteLength(code), gzip: gz(file) });
    for (const ref of staticImports(code)) queue.push(path.resolve(path.dirname(file), ref));
    for (const ref of dynamicImports(code)) lazyRefs.add(path.resolve(path.dirname(file), ref));
  }
  const assets = fs.readdirSync(path.join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, 'assets', f));
  const lazy = assets.filter((f) => !eager.has(f)).map((f) => ({ file: path.relative(dir, f), gzip: gz(f) }));
  const dagFiles = assets.filter((f) => /run-dag|elk/i.test(path.basename(f)));
  const dagLazy = dagFiles.length ? dagFiles.every((f) => !eager.has(f)) && [...lazyRefs].some((f) => /run-dag/i.test(path.basename(f))) : null;
  const files = [...eager.values()];
  return {
    files,
    gzipBytes: files.reduce((n, f) => n + f.gzip, 0),
    rawBytes: files.reduce((n, f) => n + f.bytes, 0),
    css: { gzipBytes: styles.reduce((n, f) => n + gz(f), 0) },
    lazy,
    dagLazy,
    dagFiles: dagFiles.map((f) => ({ file: path.relative(dir, f), gzip: gz(f), eager: eager.has(f) })),
  };
}
