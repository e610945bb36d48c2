/**
 * setupIpc on a fake ipcMain and shell, against a real daemon and the real
 * log file of a real run: every handler refuses a foreign sender (another
 * origin, another webContents, a sub-frame, a frame that is gone) and bad
 * params before doing anything, and does its native action for ours.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';
import { callDaemon, type DaemonApi } from '../../electron/cli/daemon-client.js';
import { setupIpc } from '../../electron/app/setup-ipc.js';
import type { InvokeEventLike } from '../../electron/app/ipc-guard.js';
import type { ShellContext, ShellPreferences } from '../../electron/app/shell-context.js';
import { SHELL_METHODS, shellChannel } from '../../shared/shell-contract.js';
import { httpLink, startShellDaemon } from './tray-daemon.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const OUR_CONTENTS = 7;

type Handler = (event: InvokeEventLike, raw: unknown) => Promise<unknown>;

function fakeShell(world: TempWorld, api: DaemonApi, env: Record<string, string> = {}) {
  const handlers = new Map<string, Handler>();
  const revealed: string[] = [];
  const opened: string[] = [];
  const logs: string[] = [];
  const quitSteps: Array<() => Promise<void> | void> = [];
  let prefs: ShellPreferences = { launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: ['/kept/tickwork.yaml'] };
  const link = httpLink(api);
  cleanups.push(() => link.close());
  let contentsId: number | null = OUR_CONTENTS;
  const electron = {
    ipcMain: {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    shell: {
      showItemInFolder: (file: string) => void revealed.push(file),
      openPath: async (file: string) => (opened.push(file), ''),
    },
  };
  const ctx: ShellContext = {
    electron: electron as unknown as ShellContext['electron'], // only the parts setupIpc uses
    platform: 'linux',
    env,
    homeRoot: world.home,
    paths: { cliEntry: '/unused', preload: '/unused', resources: '/unused' },
    log: (line) => void logs.push(line),
    prefs: {
      get: () => prefs,
      set: (patch) => (prefs = { ...prefs, ...patch }),
      onChange: () => () => {},
    },
    daemon: { ...link, onNotification: () => () => {} },
    windows: { show: () => undefined, contentsId: () => contentsId },
    lifecycle: { onQuit: (step) => void quitSteps.push(step) },
    startHidden: true,
  };
  setupIpc(ctx);
  const origin = `http://127.0.0.1:${api.port}`;
  const ours: InvokeEventLike = { sender: { id: OUR_CONTENTS }, senderFrame: { url: `${origin}/runs/1/tasks/hello`, parent: null } };
  const call = (method: string, raw: unknown, event: InvokeEventLike = ours) => {
    const handler = handlers.get(shellChannel(method as (typeof SHELL_METHODS)[number]));
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(event, raw);
  };
  return { ctx, handlers, revealed, opened, logs, quitSteps, call, ours, origin, prefs: () => prefs, closeWindow: () => void (contentsId = null) };
}

let world: TempWorld;
let api: DaemonApi;
let runId: number;
let projectFile: string;

describe('setupIpc', () => {
  beforeAll(async () => {
    world = tempWorld();
    projectFile = world.writeProject(`
name: ipcdesk
pipelines:
  hello: {command: ["sh", "-c", "echo hello from the log"]}
`);
    const started = await startShellDaemon(world.home, world.project, cleanups);
    api = started.api;
    const triggered = await callDaemon(api, 'runs.trigger', { targets: ['hello'] });
    runId = triggered.id;
    await waitForAsync(async () => (await callDaemon(api, 'runs.get', { id: runId })).run.state === 'succeeded', 'the run to succeed');
  });
  // beforeAll's daemon is stopped by the first afterEach otherwise: keep it for the whole file.
  beforeAll(() => {
    const held = cleanups.splice(0);
    return async () => {
      for (const cleanup of held.reverse()) await cleanup();
    };
  });

  it('registers exactly one handler per contract method, and removes them at quit', async () => {
    const shell = fakeShell(world, api);
    expect([...shell.handlers.keys()].sort()).toEqual(SHELL_METHODS.map(shellChannel).sort());
    for (const step of shell.quitSteps) await step();
    expect(shell.handlers.size).toBe(0);
  });

  it('reveals the attempt log of a real run in the file manager for the dashboard window', async () => {
    const shell = fakeShell(world, api);
    await expect(shell.call('revealLog', { run: runId, task: 'hello', attempt: 1 })).resolves.toEqual({ done: true });
    expect(shell.revealed).toEqual([fs.realpathSync(path.join(world.home, 'logs', String(runId), 'hello.1.log'))]);
    expect(fs.readFileSync(shell.revealed[0]!, 'utf8')).toContain('hello from the log');
  });

  it('refuses a foreign sender before doing anything: another origin, another webContents, a sub-frame, a frame that is gone, no window', async () => {
    const shell = fakeShell(world, api);
    const params = { run: runId, task: 'hello', attempt: 1 };
    const foreign: Array<[InvokeEventLike, RegExp]> = [
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: 'https://evil.example/', parent: null } }, /origin https:\/\/evil\.example is not the daemon's/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: `http://localhost:${api.port}/`, parent: null } }, /origin http:\/\/localhost/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: 'http://127.0.0.1:1/', parent: null } }, /is not the daemon's/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: 'file:///etc/passwd', parent: null } }, /origin null is not the daemon's/],
      [{ sender: { id: OUR_CONTENTS + 1 }, senderFrame: { url: `${shell.origin}/`, parent: null } }, /webContents 8 is not the dashboard window/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: `${shell.origin}/`, parent: { url: `${shell.origin}/` } } }, /only the top frame/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: null }, /the calling frame is gone/],
      [{ sender: { id: OUR_CONTENTS } }, /the calling frame is gone/],
      [{ sender: { id: OUR_CONTENTS }, senderFrame: { url: 'not a url', parent: null } }, /is not a URL/],
    ];
    for (const method of SHELL_METHODS) {
      for (const [event, reason] of foreign) await expect(shell.call(method, method === 'revealLog' ? params : {}, event)).rejects.toThrow(reason);
    }
    shell.closeWindow();
    await expect(shell.call('revealLog', params)).rejects.toThrow(/no dashboard window/);
    expect(shell.revealed).toEqual([]);
    expect(shell.prefs().notify).toEqual({});
    expect(shell.logs.every((line) => !line.includes('hello'))).toBe(true); // refusals do not log params
  });

  it('refuses bad params from our window: not an object, unknown fields, bad numbers, a task name that is a path', async () => {
    const shell = fakeShell(world, api);
    const bad: Array<[string, unknown, RegExp]> = [
      ['revealLog', null, /params must be an object/],
      ['revealLog', [runId, 'hello', 1], /params must be an object/],
      ['revealLog', { run: runId, task: '../../../etc', attempt: 1 }, /task must be a pipeline or job name/],
      ['revealLog', { run: runId, task: 'hello/../../x', attempt: 1 }, /task must be/],
      ['revealLog', { run: -1, task: 'hello', attempt: 1 }, /run must be a positive whole number/],
      ['revealLog', { run: runId, task: 'hello', attempt: 1.5 }, /attempt must be/],
      ['revealLog', { run: runId, task: 'hello', attempt: 1, path: '/etc/passwd' }, /unknown field path/],
      ['openInEditor', { file: 'tickwork.yaml', line: 1 }, /file must be an absolute path/],
      ['openInEditor', { file: '/etc/passwd', line: 1 }, /file must be a tickwork.yaml/],
      ['openInEditor', { file: projectFile, line: 0 }, /line must be a positive whole number/],
      ['openInEditor', { file: projectFile, line: 2, column: '3' }, /column must be/],
      ['setPreferences', { projects: ['/tmp/evil/tickwork.yaml'] }, /unknown field projects/],
      ['setPreferences', { launchAtLogin: 'yes' }, /launchAtLogin must be true or false/],
      ['setPreferences', { notify: { run_failed: 1 } }, /notify.run_failed must be/],
      ['getPreferences', { x: 1 }, /unknown field x/],
    ];
    for (const [method, raw, reason] of bad) await expect(shell.call(method, raw)).rejects.toThrow(reason);
    expect(shell.revealed).toEqual([]);
    expect(shell.opened).toEqual([]);
    expect(shell.prefs().projects).toEqual(['/kept/tickwork.yaml']);
  });

  it('answers a log that is not on disk, or that leads out of the logs folder, with a problem instead of revealing it', async () => {
    const shell = fakeShell(world, api);
    const missing = await shell.call('revealLog', { run: runId, task: 'hello', attempt: 2 });
    expect(missing).toMatchObject({ done: false, problem: expect.stringMatching(/log of hello \(attempt 2\) in run \d+ is not on disk yet/) });
    const outside = path.join(world.root, 'secret.txt');
    fs.writeFileSync(outside, 'not a log');
    fs.symlinkSync(outside, path.join(world.home, 'logs', String(runId), 'hello.9.log'));
    expect(await shell.call('revealLog', { run: runId, task: 'hello', attempt: 9 })).toMatchObject({ done: false, problem: expect.stringMatching(/outside the home's logs folder/) });
    expect(shell.revealed).toEqual([]);
  });

  it("opens a served tickwork.yaml at its line in $VISUAL's editor as argv, and refuses a file the daemon does not serve", async () => {
    const bin = path.join(world.root, 'bin with space');
    fs.mkdirSync(bin, { recursive: true });
    const record = path.join(world.root, 'editor-args.json');
    const code = path.join(bin, 'code');
    fs.writeFileSync(code, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)))\n`, { mode: 0o755 });
    const shell = fakeShell(world, api, { VISUAL: `"${code}" --reuse-window`, EDITOR: 'vim' });
    expect(await shell.call('openInEditor', { file: projectFile, line: 3, column: 5 })).toEqual({ done: true });
    const args = await waitFor(() => fs.existsSync(record) && (JSON.parse(fs.readFileSync(record, 'utf8')) as string[]), 'the editor to start');
    expect(args).toEqual(['--reuse-window', '--goto', `${projectFile}:3:5`]);

    const other = path.join(world.root, 'other', 'tickwork.yaml');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, 'name: other\n');
    expect(await shell.call('openInEditor', { file: other, line: 1 })).toEqual({ done: false, problem: `${other} is not a project file the daemon serves` });
    expect(shell.opened).toEqual([]);
  });

  it("hands the file to the system's opener when the editor is a terminal one, or does not start", async () => {
    const terminal = fakeShell(world, api, { EDITOR: 'vim' });
    expect(await terminal.call('openInEditor', { file: projectFile, line: 2 })).toEqual({ done: true });
    expect(terminal.opened).toEqual([projectFile]);
    const missing = fakeShell(world, api, { VISUAL: path.join(world.root, 'no-such', 'code') });
    expect(await missing.call('openInEditor', { file: projectFile, line: 2 })).toEqual({ done: true });
    expect(missing.opened).toEqual([projectFile]);
    expect(missing.logs.join('\n')).toMatch(/did not start \(not found\); using the system's opener/);
  });

  it('reads and changes the desktop preferences, never exposing or taking the served projects', async () => {
    const shell = fakeShell(world, api);
    expect(await shell.call('getPreferences', {})).toEqual({ launchAtLogin: false, keepRunningOnQuit: true, notify: {} });
    expect(await shell.call('setPreferences', { launchAtLogin: true, notify: { stale: false } })).toEqual({ launchAtLogin: true, keepRunningOnQuit: true, notify: { stale: false } });
    expect(shell.prefs()).toEqual({ launchAtLogin: true, keepRunningOnQuit: true, notify: { stale: false }, projects: ['/kept/tickwork.yaml'] });
  });
});
