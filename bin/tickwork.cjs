#!/usr/bin/env node
// Entry point of the `tickwork` command: loads the bundle built by `npm run build`.
//
// The bundle is compiled with a V8 code cache (dist/cli.cjs.v8cache), as
// Node 22's module.enableCompileCache would: parsing and compiling ~470 KB of
// JavaScript is a fifth of a short command's start-up. The cache is written
// at exit when it is missing or V8 rejected it (another Node, a rebuilt
// bundle), atomically (temp file + rename), and skipped when dist/ is not
// writable. V8 checks the source hash and its own version before using it,
// so a stale cache costs one ordinary compile, never wrong code.
'use strict';
// Optimize only code that stays hot: V8's default tiers functions up after a
// few hundred calls, and on a short command (a 1000-task run lasts about a
// second) the optimizing compiler's background threads then burn more CPU
// than the optimized code saves, CPU the attempts need on a small laptop
// (measured here: 100-130 ms less process CPU per 1000-task run).
// The daemon's hot paths still get optimized: over days they stay hot. Every
// command sets the same flag: V8 rejects a code cache made under other flags.
require('node:v8').setFlagsFromString('--interrupt-budget=1000000');
const path = require('node:path');
const fs = require('node:fs');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
const cacheFile = `${bundle}.v8cache`;

let source;
try {
  source = fs.readFileSync(bundle, 'utf8');
} catch {
  process.stderr.write('tickwork: the CLI is not built yet; run `npm install` (or `npm run build`) in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}

let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}

const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // At exit the cache also holds every function this command compiled on the way.
  process.once('exit', () => {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  });
}

const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(path.dirname(bundle));
require.cache[bundle] = mod;
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
mod.loaded = true;
