import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchdPlist } from '../../../electron/cli/service/launchd-plist.js';
import { serviceManager } from '../../../electron/cli/service/service-managers.js';
import { daemonServiceSpec, ServiceSpecError, type DaemonServiceInput } from '../../../electron/cli/service/service-spec.js';
import { systemdUnit } from '../../../electron/cli/service/systemd-unit.js';

const INPUT: DaemonServiceInput = {
  node: '/usr/local/bin/node',
  entry: '/opt/tickwork/bin/tickwork.cjs',
  projects: ['/home/ann/research/tetra'],
  homeRoot: '/home/ann/.local/share/tickwork',
  tickworkHome: '/home/ann/.local/share/tickwork',
  path: '/usr/local/bin:/usr/bin:/bin',
};

/** A path holding every character the two formats treat specially. */
const AWKWARD = '/tmp/R&D <x> "q" 100%n $HOME \\ end';

/** True when `name` is a program on PATH. */
function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** The plist as Python's plistlib reads it (an independent XML plist parser), or null without python3. */
function parsePlist(text: string): unknown {
  if (!onPath('python3')) return null;
  const read = spawnSync('python3', ['-c', 'import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], { input: text, encoding: 'utf8' });
  expect(read.stderr).toBe('');
  return JSON.parse(read.stdout);
}

describe('the daemon service spec', () => {
  it('runs tickwork up with absolute paths, each project, the port, TICKWORK_HOME and PATH', () => {
    const spec = daemonServiceSpec({ ...INPUT, projects: ['/p/one', '/p/two/tickwork.yaml'], port: 7777 });
    expect(spec.programArguments).toEqual(['/usr/local/bin/node', '/opt/tickwork/bin/tickwork.cjs', 'up', '--project', '/p/one', '--project', '/p/two/tickwork.yaml', '--port', '7777']);
    expect(spec.environment).toEqual({ TICKWORK_HOME: '/home/ann/.local/share/tickwork', PATH: '/usr/local/bin:/usr/bin:/bin' });
    expect(spec.logFile).toBe('/home/ann/.local/share/tickwork/logs/daemon.log');
    expect(spec.workingDirectory).toBe('/home/ann/.local/share/tickwork');
  });

  it('sets no TICKWORK_HOME when the installing shell had none (the service resolves the same default)', () => {
    const { tickworkHome: _, ...withoutHome } = INPUT;
    expect(daemonServiceSpec(withoutHome).environment).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin' });
  });
});

describe('the launchd agent', () => {
  it('is this exact plist: RunAtLoad, restarted only after a failed exit, output into the home logs', () => {
    expect(launchdPlist(daemonServiceSpec(INPUT))).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by \`tickwork service install\`; \`tickwork service uninstall\` removes it. -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>dev.tickwork.daemon</string>
	<key>ProgramArguments</key>
	<array>
		<string>/usr/local/bin/node</string>
		<string>/opt/tickwork/bin/tickwork.cjs</string>
		<string>up</string>
		<string>--project</string>
		<string>/home/ann/research/tetra</string>
	</array>
	<key>EnvironmentVariables</key>
	<dict>
		<key>TICKWORK_HOME</key>
		<string>/home/ann/.local/share/tickwork</string>
		<key>PATH</key>
		<string>/usr/local/bin:/usr/bin:/bin</string>
	</dict>
	<key>WorkingDirectory</key>
	<string>/home/ann/.local/share/tickwork</string>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>ThrottleInterval</key>
	<integer>10</integer>
	<key>AbandonProcessGroup</key>
	<true/>
	<key>StandardOutPath</key>
	<string>/home/ann/.local/share/tickwork/logs/daemon.log</string>
	<key>StandardErrorPath</key>
	<string>/home/ann/.local/share/tickwork/logs/daemon.log</string>
</dict>
</plist>
`);
  });

  it('is a valid XML property list that reads back to the same values, awkward characters included', () => {
    const spec = daemonServiceSpec({ ...INPUT, projects: [AWKWARD], tickworkHome: AWKWARD });
    const text = launchdPlist(spec);
    if (onPath('plutil')) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tw-plist-')), 'agent.plist');
      fs.writeFileSync(file, text);
      expect(spawnSync('plutil', ['-lint', file], { encoding: 'utf8' }).status).toBe(0);
    }
    const parsed = parsePlist(text);
    if (parsed === null) return; // neither plutil nor python3 here: the exact-text test above still holds
    expect(parsed).toEqual({
      Label: 'dev.tickwork.daemon',
      ProgramArguments: [...spec.programArguments],
      EnvironmentVariables: { TICKWORK_HOME: AWKWARD, PATH: INPUT.path },
      WorkingDirectory: spec.workingDirectory,
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 10,
      AbandonProcessGroup: true,
      StandardOutPath: spec.logFile,
      StandardErrorPath: spec.logFile,
    });
    expect((parsed as { ProgramArguments: string[] }).ProgramArguments).toContain(AWKWARD);
  });

  it('refuses a control character, which no service file carries safely', () => {
    expect(() => launchdPlist(daemonServiceSpec({ ...INPUT, projects: ['/p/a\nb'] }))).toThrow(ServiceSpecError);
  });

  it('goes to ~/Library/LaunchAgents and is loaded with launchctl bootstrap in the gui domain', () => {
    const manager = serviceManager('launchd', { home: '/Users/ann', uid: 501 });
    expect(manager.file).toBe('/Users/ann/Library/LaunchAgents/dev.tickwork.daemon.plist');
    expect(manager.start.map((s) => s.argv.join(' '))).toEqual([
      'launchctl bootout gui/501/dev.tickwork.daemon',
      'launchctl enable gui/501/dev.tickwork.daemon',
      'launchctl bootstrap gui/501 /Users/ann/Library/LaunchAgents/dev.tickwork.daemon.plist',
    ]);
    expect(manager.stop.map((s) => s.argv.join(' '))).toEqual(['launchctl bootout gui/501/dev.tickwork.daemon']);
  });
});

describe('the systemd user unit', () => {
  it('is this exact unit: absolute ExecStart, restarted on failure, stopping only the daemon, wanted by default.target', () => {
    expect(systemdUnit(daemonServiceSpec(INPUT))).toBe(`# Written by \`tickwork service install\`; \`tickwork service uninstall\` removes it.
[Unit]
Description=Tickwork daemon: schedules, runs and watches pipelines

[Service]
Type=simple
ExecStart="/usr/local/bin/node" "/opt/tickwork/bin/tickwork.cjs" "up" "--project" "/home/ann/research/tetra"
WorkingDirectory=/home/ann/.local/share/tickwork
Environment="TICKWORK_HOME=/home/ann/.local/share/tickwork"
Environment="PATH=/usr/local/bin:/usr/bin:/bin"
Restart=on-failure
RestartSec=10
KillMode=process
TimeoutStopSec=30

[Install]
WantedBy=default.target
`);
  });

  it('quotes each word: escaped quotes and backslashes, %% for %, and $$ for $ in arguments but not in Environment=', () => {
    const unit = systemdUnit(daemonServiceSpec({ ...INPUT, projects: [AWKWARD], tickworkHome: AWKWARD }));
    expect(unit).toContain('"--project" "/tmp/R&D <x> \\"q\\" 100%%n $$HOME \\\\ end"\n');
    expect(unit).toContain('Environment="TICKWORK_HOME=/tmp/R&D <x> \\"q\\" 100%%n $HOME \\\\ end"\n');
  });

  it('refuses a program path systemd would refuse, and a control character', () => {
    expect(() => systemdUnit(daemonServiceSpec({ ...INPUT, node: '/opt/a"b/node' }))).toThrow(/systemd refuses/);
    expect(() => systemdUnit(daemonServiceSpec({ ...INPUT, path: '/bin\t/usr/bin' }))).toThrow(ServiceSpecError);
  });

  it('passes systemd-analyze verify, awkward paths included (where systemd-analyze is installed)', () => {
    if (!onPath('systemd-analyze')) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-unit-'));
    const runtime = path.join(dir, 'runtime');
    const home = path.join(dir, AWKWARD.replace(/\//g, '_'));
    fs.mkdirSync(runtime, { mode: 0o700 });
    fs.mkdirSync(home);
    // Real files, so verify's checks that the program exists and is executable mean something.
    const entry = path.join(dir, 'tickwork.cjs');
    fs.writeFileSync(entry, '');
    const unit = systemdUnit(daemonServiceSpec({ ...INPUT, node: process.execPath, entry, projects: [AWKWARD], homeRoot: home, tickworkHome: home }));
    const file = path.join(dir, 'tickwork.service');
    fs.writeFileSync(file, unit);
    const verify = spawnSync('systemd-analyze', ['--user', 'verify', file], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    // verify exits 0 even for unknown keys and unparsable values: it only warns, so its output must be empty.
    expect(verify.stderr + verify.stdout).toBe('');
    expect(verify.status).toBe(0);

    fs.writeFileSync(file, unit.replace('KillMode=process', 'KillMode=processes'));
    const broken = spawnSync('systemd-analyze', ['--user', 'verify', file], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    expect(broken.stderr).toMatch(/tickwork\.service:\d+: Failed to parse kill mode/); // the check above can see a bad line
  });

  it('goes to $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user', () => {
    expect(serviceManager('systemd', { home: '/home/ann', uid: 1000 }).file).toBe('/home/ann/.config/systemd/user/tickwork.service');
    expect(serviceManager('systemd', { home: '/home/ann', xdgConfigHome: '/cfg', uid: 1000 }).file).toBe('/cfg/systemd/user/tickwork.service');
    expect(serviceManager('systemd', { home: '/home/ann', xdgConfigHome: 'relative', uid: 1000 }).file).toBe('/home/ann/.config/systemd/user/tickwork.service');
  });
});
