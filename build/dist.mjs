// `npm run dist [-- --mac|--linux|--win …]`: builds the installers with
// electron-builder (electron-builder.json) for this platform, or the targets
// the arguments name. Steps: `npm run build`; fetch the Electron binary
// (node_modules/electron/install.js, skipped at `npm install` time by
// ELECTRON_SKIP_BINARY_DOWNLOAD / allowScripts); electron-builder, which also
// rebuilds better-sqlite3 for Electron's ABI (npmRebuild) in node_modules.
// That rebuild is undone afterwards, so the CLI and the tests keep a module
// built for Node. Exit codes: 0 built, 1 a step failed, 2 Electron could not
// be downloaded (this machine has no route to GitHub).
import { spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command in the checkout with the terminal attached; returns its exit status. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' && command.endsWith('.cmd') });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The first line of install.js's error that says what went wrong (its stack trace follows it). */
function downloadProblem(stderr) {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|HTTPError|RequestError|Error:/.test(line)) ?? lines[0] ?? 'no error message';
}

/** Why github.com cannot be reached by name, or '' when it resolves. */
async function githubLookup() {
  try {
    await dns.lookup('github.com');
    return '';
  } catch (error) {
    return `; github.com: ${error.code ?? error.message}`;
  }
}

/** Downloads the Electron binary for this platform (into Electron's cache and node_modules/electron/dist); exits 2 when it cannot. */
async function fetchElectron() {
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.npm_config_electron_skip_binary_download;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (result.status === 0) return;
  let why = result.error ? result.error.message : downloadProblem(result.stderr ?? '');
  // undici's "fetch failed" hides its cause (install.js prints only the stack): name the usual one.
  if (/fetch failed/.test(why)) why += await githubLookup();
  process.stderr.write(`tickwork dist: could not download Electron ${version} from GitHub (${why}): build the installers on a machine that can reach github.com\n`);
  process.exit(2);
}

/** Keeps a copy of better-sqlite3's Node build, to put back after electron-builder rebuilt it for Electron. */
function saveNodeBuild() {
  const module = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(module)) return () => undefined;
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tickwork-dist-')), 'better_sqlite3.node');
  fs.copyFileSync(module, copy);
  return () => {
    fs.copyFileSync(copy, module);
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  };
}

const built = run(npm, ['run', 'build']);
if (built !== 0) process.exit(built);
await fetchElectron();
const restore = saveNodeBuild();
let status;
try {
  status = run(process.execPath, [path.join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.json', '--publish', 'never', ...process.argv.slice(2)]);
} finally {
  restore();
}
if (status === 0) process.stdout.write(`tickwork dist: installers in ${path.join(root, 'release')}\n`);
process.exit(status === 0 ? 0 : 1);
