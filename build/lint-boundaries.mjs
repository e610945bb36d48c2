// Enforces the architecture's import boundaries (see ../shared/ARCHITECTURE.md):
//  - electron/engine and electron/cli never import `electron`
//  - shared/ imports nothing outside shared/ (no Node built-ins, no packages)
//  - renderer/ never imports Node built-ins or electron/, and only renderer/api/ reaches the daemon
//  - raw IPC only in the preload bridge and setup-ipc.ts; window.tickworkShell only in renderer/api/shell-bridge.ts
// Exits 1 listing every offending import as FILE:LINE.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const problems = [];

function* files(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) yield full;
  }
}

function check(dir, rule) {
  for (const file of files(path.join(root, dir))) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const match = /^\s*(?:import|export)\b.*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|^\s*\}\s*from\s+['"]([^'"]+)['"]/.exec(line);
      const spec = match && (match[1] ?? match[2] ?? match[3] ?? match[4]);
      if (!spec) return;
      const why = rule(spec, file);
      if (why) problems.push(`${path.relative(root, file)}:${i + 1}: ${why} (${spec})`);
    });
  }
}

check('electron/engine', (spec) => (spec === 'electron' || spec.startsWith('electron/') ? 'the engine must not import electron' : null));
check('electron/cli', (spec) => (spec === 'electron' ? 'the CLI must not import electron' : null));
// Only the shell (electron/app) loads Electron; tests may name its types (`import type`, erased at build) but never load it.
const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/');
for (const dir of fs.readdirSync(path.join(root, 'electron')).filter((d) => d !== 'app' && d !== 'engine' && d !== 'cli')) {
  check(path.join('electron', dir), (spec) => (isElectron(spec) ? 'only electron/app may import electron' : null));
}
for (const file of files(path.join(root, 'test'))) {
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const match = /^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|^\s*import\s*\(?\s*['"]([^'"]+)['"]/.exec(line);
    const spec = match && (match[2] ?? match[3] ?? match[4]);
    if (spec && isElectron(spec) && !match[1]) problems.push(`${path.relative(root, file)}:${i + 1}: only electron/app may import electron (tests: import type only) (${spec})`);
  });
}
check('shared', (spec, file) => {
  if (!spec.startsWith('.')) return 'shared/ must not import packages or Node built-ins';
  const target = path.resolve(path.dirname(file), spec);
  return target.startsWith(path.join(root, 'shared')) ? null : 'shared/ must not import outside shared/';
});
check('renderer', (spec, file) => {
  if (builtins.has(spec)) return 'the renderer must not import Node built-ins';
  if (spec === 'electron' || spec.startsWith('electron/')) return 'the renderer must not import electron';
  if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'electron') + path.sep)) return 'the renderer must not import electron/ (reach the engine through renderer/api)';
  return null;
});
// Only renderer/api/ talks to the daemon: views use its typed calls and hooks, never fetch or EventSource themselves.
for (const file of files(path.join(root, 'renderer'))) {
  if (file.startsWith(path.join(root, 'renderer', 'api') + path.sep)) continue;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\bfetch\(|\bnew EventSource\b|\bXMLHttpRequest\b/.test(line)) problems.push(`${path.relative(root, file)}:${i + 1}: only renderer/api/ may reach the daemon (fetch, EventSource, XMLHttpRequest)`);
  });
}

// Raw IPC only where the shell contract wraps it (shared/shell-contract.ts): the preload's bridge and setup-ipc.ts;
// and in the renderer only renderer/api/shell-bridge.ts reads window.tickworkShell.
const rawIpcAllowed = new Set(['electron/app/preload-bridge.ts', 'electron/app/preload.ts', 'electron/app/setup-ipc.ts'].map((f) => path.join(root, f)));
for (const file of files(path.join(root, 'electron', 'app'))) {
  if (rawIpcAllowed.has(file)) continue;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\bipcMain\.(handle|handleOnce|on)\(|\bipcRenderer\.|\bcontextBridge\./.test(line)) problems.push(`${path.relative(root, file)}:${i + 1}: raw IPC only in preload-bridge.ts and setup-ipc.ts (add a method to shared/shell-contract.ts)`);
  });
}
for (const file of files(path.join(root, 'renderer'))) {
  if (file === path.join(root, 'renderer', 'api', 'shell-bridge.ts')) continue;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (/\btickworkShell\b/.test(line)) problems.push(`${path.relative(root, file)}:${i + 1}: only renderer/api/shell-bridge.ts reads window.tickworkShell`);
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} boundary violation${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('import boundaries ok');
