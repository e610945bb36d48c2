/**
 * `tickwork service install | uninstall | status`: runs the daemon at login
 * under the platform's service manager (a launchd agent on macOS, a systemd
 * user unit on Linux), which starts `tickwork up` and restarts it when it
 * fails. The file's text comes from electron/cli/service/; this module
 * writes or removes it and asks the manager to load or unload it.
 *
 * TICKWORK_SERVICE_MANAGER=launchd|systemd picks the manager instead of the
 * platform (to `--print` a plist on Linux, and for tests); HOME (and
 * XDG_CONFIG_HOME for systemd) decide where the file goes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, list, str, flag, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit } from '../context.js';
import { callDaemon, daemonApi } from '../daemon-client.js';
import { PROJECT_FILE_NAME } from '../../engine/config/index.js';
import { prepareHome, resolveHomeDir } from '../../engine/home.js';
import { runningDaemon } from '../../engine/daemon/daemon-lock.js';
import { writeFileAtomic } from '../../engine/util/write-file-atomic.js';
import { managerForPlatform, serviceManager, type ManagerStep, type ServiceManager, type ServiceManagerName } from '../service/service-managers.js';
import { daemonServiceSpec, ServiceSpecError, type ServiceSpec } from '../service/service-spec.js';

/** Options of `tickwork service`; each action takes the subset in ACTION_OPTIONS. */
export const serviceOptions = {
  project: { type: 'string', multiple: true },
  port: { type: 'string' },
  'no-start': { type: 'boolean' },
  print: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type OptionName = keyof typeof serviceOptions;

const ACTION_OPTIONS: Record<string, readonly OptionName[]> = {
  install: ['project', 'port', 'no-start', 'print'],
  uninstall: [],
  status: ['project', 'json'],
};

/** Runs the command; resolves to the exit code. */
export async function serviceCommand(argv: readonly string[]): Promise<number> {
  const args = parse('service', argv, serviceOptions);
  const [action, ...extra] = args.positionals;
  if (action === undefined || !Object.hasOwn(ACTION_OPTIONS, action)) {
    throw new UsageError(`tickwork service: expected install, uninstall or status${action === undefined ? '' : `, got "${action}"`}`);
  }
  if (extra.length > 0) throw new UsageError(`tickwork service ${action}: unexpected argument "${extra[0]}"`);
  for (const name of Object.keys(args.values)) {
    if (!ACTION_OPTIONS[action]!.includes(name as OptionName)) throw new UsageError(`tickwork service ${action}: --${name} is not an option of ${action}`);
  }
  const manager = currentManager();
  if (action === 'install') return install(manager, args);
  if (action === 'uninstall') return uninstall(manager);
  return status(manager, args);
}

/** The manager of this platform (or TICKWORK_SERVICE_MANAGER) for the user in HOME. */
function currentManager(): ServiceManager {
  const chosen = process.env.TICKWORK_SERVICE_MANAGER;
  let name: ServiceManagerName | null;
  if (chosen !== undefined && chosen !== '') {
    if (chosen !== 'launchd' && chosen !== 'systemd') throw new UsageError(`tickwork service: TICKWORK_SERVICE_MANAGER=${chosen}: expected launchd or systemd`);
    name = chosen;
  } else {
    name = managerForPlatform(process.platform);
  }
  if (name === null) throw new CliExit(2, [`tickwork service: no service manager for ${process.platform}; run tickwork up from your own startup script instead`]);
  return serviceManager(name, { home: os.homedir(), xdgConfigHome: process.env.XDG_CONFIG_HOME, uid: process.getuid?.() ?? 0 });
}

async function install(manager: ServiceManager, args: ReturnType<typeof parse>): Promise<number> {
  const port = str(args, 'port');
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) throw new UsageError(`tickwork service install: --port ${port}: expected a port number from 1 to 65535`);
  // A project that does not load would only make the service fail at every start: refuse it now, with its problems.
  const projects = (list(args, 'project').length > 0 ? list(args, 'project') : [undefined]).map((option) => {
    const file = loadProjectOrExit(option).file;
    return path.basename(file) === PROJECT_FILE_NAME ? path.dirname(file) : file;
  });
  const homeRoot = resolveHomeDir();
  const spec = daemonServiceSpec({
    node: process.execPath,
    entry: fs.realpathSync(process.argv[1]!),
    projects,
    ...(port !== undefined ? { port: Number(port) } : {}),
    homeRoot,
    ...(process.env.TICKWORK_HOME ? { tickworkHome: homeRoot } : {}),
    ...(process.env.PATH !== undefined ? { path: process.env.PATH } : {}),
  });
  const text = render(manager, spec);
  if (flag(args, 'print')) {
    process.stdout.write(text);
    return 0;
  }
  prepareHome(homeRoot); // launchd opens the log file there, and the daemon starts there
  const existed = fs.existsSync(manager.file);
  writeAtomically(manager.file, text);
  process.stdout.write(`${existed ? 'replaced' : 'wrote'} ${manager.kind} ${manager.file}\n`);
  process.stdout.write(`it runs: ${spec.programArguments.join(' ')}\n`);
  if (flag(args, 'no-start')) {
    process.stdout.write(`not started (--no-start); start it with: ${manager.startHint}\n`);
    return 0;
  }
  const outcome = runSteps(manager.start);
  if (outcome.kind === 'unavailable') {
    process.stdout.write(`note: ${outcome.message}; the file is in place but not loaded: run ${manager.startHint} in your login session\n`);
    return 0;
  }
  if (outcome.kind === 'error') throw new CliExit(1, [`tickwork service install: ${outcome.message}`]);
  process.stdout.write(`started: the daemon runs now and at every login (output: ${manager.logsHint(spec)}); tickwork service status checks it\n`);
  return 0;
}

async function uninstall(manager: ServiceManager): Promise<number> {
  if (!fs.existsSync(manager.file)) {
    process.stdout.write(`no ${manager.kind} at ${manager.file}: nothing to remove\n`);
    return 0;
  }
  const stopped = runSteps(manager.stop);
  if (stopped.kind === 'error') throw new CliExit(1, [`tickwork service uninstall: ${stopped.message}; ${manager.file} was kept`]);
  if (stopped.kind === 'unavailable') process.stdout.write(`note: ${stopped.message}; removing the file all the same\n`);
  fs.rmSync(manager.file, { force: true });
  runSteps(manager.afterRemove);
  process.stdout.write(`removed ${manager.kind} ${manager.file}\n`);
  const home = resolveHomeDir();
  const daemon = runningDaemon(home);
  if (daemon) process.stdout.write(`a daemon still runs for ${home} (pid ${daemon.pid}); tickwork down stops it\n`);
  return 0;
}

/** What `service status` found. */
interface ServiceStatus {
  readonly manager: ServiceManagerName;
  readonly file: string;
  readonly installed: boolean;
  /** The manager's own word (`active`, `loaded`, …), or why it could not be asked. */
  readonly managerState: string | null;
  readonly home: string;
  readonly daemon: { readonly running: boolean; readonly pid?: number; readonly api?: string; readonly projects?: readonly string[]; readonly servesProject?: boolean };
}

async function status(manager: ServiceManager, args: ReturnType<typeof parse>): Promise<number> {
  const projectFiles = list(args, 'project').map((option) => loadProjectOrExit(option).file);
  const home = resolveHomeDir();
  const installed = fs.existsSync(manager.file);
  const report: ServiceStatus = {
    manager: manager.name,
    file: manager.file,
    installed,
    managerState: installed ? managerState(manager) : null,
    home,
    daemon: await daemonStatus(home, projectFiles),
  };
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const d = report.daemon;
  const lines = [
    `service: ${installed ? 'installed' : 'not installed'} (${manager.kind} ${manager.file})${report.managerState ? `; ${manager.name}: ${report.managerState}` : ''}`,
    d.running
      ? `daemon:  running for ${home} (pid ${d.pid})${d.api ? `, API ${d.api}, projects: ${d.projects!.join(', ') || 'none'}` : ', its API not answering yet'}`
      : `daemon:  not running for ${home}`,
  ];
  if (projectFiles.length > 0 && d.running) lines.push(`project: ${d.servesProject ? 'served by this daemon' : 'not served by this daemon'}`);
  if (!installed) lines.push('install it with: tickwork service install [--project DIR]');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function managerState(manager: ServiceManager): string {
  const result = run(manager.query);
  if (result.missing) return `${manager.query[0]} not found`;
  const said = result.stdout.trim().split('\n')[0] ?? '';
  // is-active prints its word (active, inactive, failed, …) whatever its exit code; nothing when the manager is out of reach.
  if (manager.name === 'systemd') return said || `not reachable (${firstLine(result.stderr) || `exit ${result.status}`})`;
  return result.status === 0 ? 'loaded' : 'not loaded';
}

async function daemonStatus(home: string, projectFiles: readonly string[]): Promise<ServiceStatus['daemon']> {
  const running = runningDaemon(home);
  if (!running) return { running: false };
  const api = daemonApi(home);
  if (!api) return { running: true, pid: running.pid };
  try {
    const projects = await callDaemon(api, 'projects.list', {});
    const served = new Set(projects.map((p) => p.file));
    return {
      running: true,
      pid: running.pid,
      api: `http://127.0.0.1:${api.port}`,
      projects: projects.map((p) => p.name),
      ...(projectFiles.length > 0 ? { servesProject: projectFiles.every((file) => served.has(file)) } : {}),
    };
  } catch {
    return { running: true, pid: running.pid };
  }
}

function render(manager: ServiceManager, spec: ServiceSpec): string {
  try {
    return manager.render(spec);
  } catch (error) {
    if (error instanceof ServiceSpecError) throw new CliExit(2, [`tickwork service install: ${error.message}`]);
    throw error;
  }
}

/** Writes the manager's file whole (never half a file for it to read); a failure exits 2 naming the file. */
function writeAtomically(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    throw new CliExit(2, [`tickwork service install: cannot write ${file}: ${(error as Error).message}`]);
  }
}

type StepsOutcome = { readonly kind: 'ok' } | { readonly kind: 'unavailable' | 'error'; readonly message: string };

/** Runs `steps` in order, stopping at the first that fails in a way that matters. */
function runSteps(steps: readonly ManagerStep[]): StepsOutcome {
  for (const step of steps) {
    const result = run(step.argv);
    if (result.missing) return { kind: 'unavailable', message: `${step.argv[0]} not found` };
    if (result.status === 0 || step.onFailure === 'ignore') continue;
    const said = firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.status}`;
    return { kind: step.onFailure, message: `${step.argv.join(' ')} failed: ${said}` };
  }
  return { kind: 'ok' };
}

function run(argv: readonly string[]): { readonly missing: boolean; readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { missing, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
