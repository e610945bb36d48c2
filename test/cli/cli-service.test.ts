import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { tempWorld, readLines, type TempWorld } from '../helpers/temp-home.js';
import { CLI, exitOf, tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const PROJECT = `
name: svc
pipelines:
  a: {command: ["true"]}
`;

/**
 * A user of the test: HOME in the temp dir, and a bin dir on PATH whose
 * `systemctl` and `launchctl` only record how they were called (the real ones
 * would reach this machine's own service manager). STUB_MODE=nobus makes them
 * fail the way systemctl does without a user session bus.
 */
function user(w: TempWorld, stubs = true): { home: string; bin: string; log: string; env: NodeJS.ProcessEnv } {
  const home = path.join(w.root, 'user');
  const bin = path.join(w.root, 'bin');
  const log = path.join(w.root, 'manager-calls.log');
  fs.mkdirSync(home);
  fs.mkdirSync(bin);
  if (stubs) {
    for (const name of ['systemctl', 'launchctl']) {
      fs.writeFileSync(
        path.join(bin, name),
        `#!/bin/sh
echo "$(basename "$0") $*" >> "${log}"
if [ "$STUB_MODE" = nobus ]; then echo "Failed to connect to bus: No medium found" >&2; exit 1; fi
case "$*" in *is-active*) echo active ;; esac
exit 0
`,
        { mode: 0o755 },
      );
    }
  }
  // /bin for the stubs' own sh, basename and echo; nothing else, so no real systemctl is found.
  return { home, bin, log, env: { HOME: home, XDG_CONFIG_HOME: '', PATH: `${bin}:/bin`, TICKWORK_SERVICE_MANAGER: 'systemd', STUB_MODE: '' } };
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGTERM');
    await exitOf(child);
  }
});

describe('tickwork service on systemd', () => {
  it('--print shows the unit for the project found from the working directory, and writes and runs nothing', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const printed = await tickwork(w.home, ['service', 'install', '--print'], { cwd: w.project, env: u.env });
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const entry = fs.realpathSync(CLI);
    expect(printed.stdout).toContain(`ExecStart="${process.execPath}" "${entry}" "up" "--project" "${w.project}"\n`);
    expect(printed.stdout).toContain(`Environment="TICKWORK_HOME=${w.home}"\nEnvironment="PATH=${u.bin}:/bin"\n`);
    expect(printed.stdout).toContain('Restart=on-failure\n');
    expect(printed.stdout).toContain('WantedBy=default.target\n');
    expect(fs.readdirSync(u.home)).toEqual([]);
    expect(readLines(u.log)).toEqual([]);
  });

  it('installs the unit into HOME, enables and starts it, reports it, and uninstalls it', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const unitFile = path.join(u.home, '.config', 'systemd', 'user', 'tickwork.service');
    const printed = (await tickwork(w.home, ['service', 'install', '--print', '--project', w.project, '--port', '48123'], { env: u.env })).stdout;

    const install = await tickwork(w.home, ['service', 'install', '--project', w.project, '--port', '48123'], { env: u.env });
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(fs.readFileSync(unitFile, 'utf8')).toBe(printed);
    expect(printed).toContain(`"up" "--project" "${w.project}" "--port" "48123"\n`);
    expect(install.stdout).toBe(
      [
        `wrote systemd user unit ${unitFile}`,
        `it runs: ${process.execPath} ${fs.realpathSync(CLI)} up --project ${w.project} --port 48123`,
        'started: the daemon runs now and at every login (output: journalctl --user -u tickwork.service); tickwork service status checks it',
        '',
      ].join('\n'),
    );
    expect(readLines(u.log)).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable tickwork.service', 'systemctl --user restart tickwork.service']);
    expect(fs.existsSync(path.join(w.home, 'logs'))).toBe(true);

    const status = await tickwork(w.home, ['service', 'status'], { env: u.env });
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(`service: installed (systemd user unit ${unitFile}); systemd: active\ndaemon:  not running for ${w.home}\n`);

    const again = await tickwork(w.home, ['service', 'install', '--project', w.project], { env: u.env });
    expect(again.stdout).toMatch(/^replaced systemd user unit /);

    fs.writeFileSync(u.log, '');
    const uninstall = await tickwork(w.home, ['service', 'uninstall'], { env: u.env });
    expect(uninstall.stderr).toBe('');
    expect(uninstall.stdout).toBe(`removed systemd user unit ${unitFile}\n`);
    expect(readLines(u.log)).toEqual(['systemctl --user disable --now tickwork.service', 'systemctl --user daemon-reload']);
    expect(fs.existsSync(unitFile)).toBe(false);

    const after = JSON.parse((await tickwork(w.home, ['service', 'status', '--json'], { env: u.env })).stdout);
    expect(after).toEqual({ manager: 'systemd', file: unitFile, installed: false, managerState: null, home: w.home, daemon: { running: false } });
    expect((await tickwork(w.home, ['service', 'uninstall'], { env: u.env })).stdout).toBe(`no systemd user unit at ${unitFile}: nothing to remove\n`);
  });

  it('writes the unit and says how to start it when the user manager cannot be reached or systemctl is missing (exit 0)', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const unitFile = path.join(u.home, '.config', 'systemd', 'user', 'tickwork.service');
    const noBus = await tickwork(w.home, ['service', 'install'], { cwd: w.project, env: { ...u.env, STUB_MODE: 'nobus' } });
    expect(noBus.code).toBe(0);
    expect(noBus.stdout).toContain(
      'note: systemctl --user daemon-reload failed: Failed to connect to bus: No medium found; the file is in place but not loaded: run systemctl --user daemon-reload && systemctl --user enable --now tickwork.service in your login session\n',
    );
    expect(fs.existsSync(unitFile)).toBe(true);
    const status = await tickwork(w.home, ['service', 'status'], { env: { ...u.env, STUB_MODE: 'nobus' } });
    expect(status.stdout).toContain('; systemd: not reachable (Failed to connect to bus: No medium found)\n');

    const uninstall = await tickwork(w.home, ['service', 'uninstall'], { env: { ...u.env, PATH: '/nonexistent' } });
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toBe(`note: systemctl not found; removing the file all the same\nremoved systemd user unit ${unitFile}\n`);

    const noSystemctl = await tickwork(w.home, ['service', 'install'], { cwd: w.project, env: { ...u.env, PATH: '/nonexistent' } });
    expect(noSystemctl.code).toBe(0);
    expect(noSystemctl.stdout).toContain('note: systemctl not found; the file is in place but not loaded');
    expect(fs.readFileSync(unitFile, 'utf8')).toContain('Environment="PATH=/nonexistent"\n');
  });

  it('--no-start writes the unit and runs no systemctl', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const install = await tickwork(w.home, ['service', 'install', '--no-start'], { cwd: w.project, env: u.env });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain('not started (--no-start); start it with: systemctl --user daemon-reload && systemctl --user enable --now tickwork.service\n');
    expect(readLines(u.log)).toEqual([]);
    expect(fs.existsSync(path.join(u.home, '.config', 'systemd', 'user', 'tickwork.service'))).toBe(true);
  });

  it('status reports a running daemon reachable over its API, and whether it serves --project', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const daemon = await startDaemon(w.home, w.project, { HOME: u.home });
    children.push(daemon.child);
    const status = await tickwork(w.home, ['service', 'status', '--project', w.project], { env: u.env });
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(
      [
        `service: not installed (systemd user unit ${path.join(u.home, '.config', 'systemd', 'user', 'tickwork.service')})`,
        `daemon:  running for ${w.home} (pid ${daemon.child.pid}), API http://127.0.0.1:${daemon.port}, projects: svc`,
        'project: served by this daemon',
        'install it with: tickwork service install [--project DIR]',
        '',
      ].join('\n'),
    );
    const other = tempWorld();
    other.writeProject(PROJECT.replace('name: svc', 'name: other'));
    const json = JSON.parse((await tickwork(w.home, ['service', 'status', '--json', '--project', other.project], { env: u.env })).stdout);
    expect(json.daemon).toEqual({ running: true, pid: daemon.child.pid, api: `http://127.0.0.1:${daemon.port}`, projects: ['svc'], servesProject: false });
  });

  it('refuses a project that does not load, naming its problems, and writes nothing', async () => {
    const w = tempWorld();
    w.writeProject('name: broken\npipelines:\n  a: {command: ["true"], retries: many}\n');
    const u = user(w);
    const install = await tickwork(w.home, ['service', 'install'], { cwd: w.project, env: u.env });
    expect(install.code).toBe(2);
    expect(install.stderr).toMatch(/tickwork\.yaml:3:\d+: pipelines\.a\.retries: /);
    expect(fs.readdirSync(u.home)).toEqual([]);
  });

  it('rejects a missing or unknown action and an option of another action, as usage errors', async () => {
    const w = tempWorld();
    const u = user(w);
    expect(await tickwork(w.home, ['service'], { env: u.env })).toMatchObject({ code: 2, stderr: 'tickwork service: expected install, uninstall or status\n' });
    expect(await tickwork(w.home, ['service', 'restart'], { env: u.env })).toMatchObject({ code: 2, stderr: 'tickwork service: expected install, uninstall or status, got "restart"\n' });
    expect(await tickwork(w.home, ['service', 'uninstall', '--port', '1'], { env: u.env })).toMatchObject({ code: 2, stderr: 'tickwork service uninstall: --port is not an option of uninstall\n' });
    expect(await tickwork(w.home, ['service', 'status'], { env: { ...u.env, TICKWORK_SERVICE_MANAGER: 'upstart' } })).toMatchObject({ code: 2, stderr: 'tickwork service: TICKWORK_SERVICE_MANAGER=upstart: expected launchd or systemd\n' });
  });
});

describe('tickwork service on launchd', () => {
  it('writes the agent into ~/Library/LaunchAgents, bootstraps it in the gui domain, reports and removes it', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const env = { ...u.env, TICKWORK_SERVICE_MANAGER: 'launchd' };
    const plist = path.join(u.home, 'Library', 'LaunchAgents', 'dev.tickwork.daemon.plist');
    const uid = process.getuid!();
    const install = await tickwork(w.home, ['service', 'install'], { cwd: w.project, env });
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`started: the daemon runs now and at every login (output: ${path.join(w.home, 'logs', 'daemon.log')})`);
    const text = fs.readFileSync(plist, 'utf8');
    expect(text).toContain(`\t\t<string>${process.execPath}</string>\n\t\t<string>${fs.realpathSync(CLI)}</string>\n\t\t<string>up</string>\n\t\t<string>--project</string>\n\t\t<string>${w.project}</string>\n`);
    expect(text).toContain(`\t<key>StandardOutPath</key>\n\t<string>${path.join(w.home, 'logs', 'daemon.log')}</string>\n`);
    expect(readLines(u.log)).toEqual([`launchctl bootout gui/${uid}/dev.tickwork.daemon`, `launchctl enable gui/${uid}/dev.tickwork.daemon`, `launchctl bootstrap gui/${uid} ${plist}`]);

    expect((await tickwork(w.home, ['service', 'status'], { env })).stdout).toContain(`service: installed (launchd agent ${plist}); launchd: loaded\n`);

    fs.writeFileSync(u.log, '');
    const uninstall = await tickwork(w.home, ['service', 'uninstall'], { env });
    expect(uninstall.stdout).toBe(`removed launchd agent ${plist}\n`);
    expect(readLines(u.log)).toEqual([`launchctl bootout gui/${uid}/dev.tickwork.daemon`]);
    expect(fs.existsSync(plist)).toBe(false);
  });

  it('runs a program that stays in the foreground serving the project, and exits 0 on SIGTERM (so it is not restarted)', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const u = user(w);
    const text = (await tickwork(w.home, ['service', 'install', '--print'], { cwd: w.project, env: { ...u.env, TICKWORK_SERVICE_MANAGER: 'launchd' } })).stdout;
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const texts = (tag: string, block: string): string[] => [...block.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'g'))].map((m) => unescape(m[1]!));
    const after = (key: string, pattern: string): string => new RegExp(`<key>${key}</key>\\s*${pattern}`).exec(text)![1]!;
    const [program, ...args] = texts('string', after('ProgramArguments', '<array>([\\s\\S]*?)</array>'));
    const envDict = after('EnvironmentVariables', '<dict>([\\s\\S]*?)</dict>');
    const env = Object.fromEntries(texts('key', envDict).map((name, i) => [name, texts('string', envDict)[i]!]));
    const cwd = texts('string', after('WorkingDirectory', '(<string>.*?</string>)'))[0]!;
    // As launchd starts it: only the plist's environment, in its working directory.
    const daemon = spawn(program!, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(daemon);
    let out = '';
    daemon.stdout!.on('data', (chunk) => (out += chunk));
    daemon.stderr!.on('data', (chunk) => (out += chunk));
    await waitFor(() => /tickwork daemon up/.test(out) || daemon.exitCode !== null, 'the daemon to start');
    expect(out).toContain(`home ${w.home}, 1 project`);
    const status = await tickwork(w.home, ['service', 'status', '--json', '--project', w.project], { env: u.env });
    expect(JSON.parse(status.stdout).daemon).toMatchObject({ running: true, pid: daemon.pid, projects: ['svc'], servesProject: true });
    daemon.kill('SIGTERM');
    expect(await exitOf(daemon)).toBe(0);
  });
});
