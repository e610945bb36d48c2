/**
 * setupTray on a fake of the Electron surface it uses (Tray, Menu,
 * nativeImage, app) and a real daemon: what the fake tray is told (image
 * file, title, tooltip, menu) and what its menu's clicks do.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { callDaemon } from '../../electron/cli/daemon-client.js';
import { setupTray, trayIconFile } from '../../electron/app/setup-tray.js';
import type { ShellContext, ShellPreferences } from '../../electron/app/shell-context.js';
import { httpLink, startShellDaemon } from './tray-daemon.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const RESOURCES = path.resolve(__dirname, '..', '..', 'resources');

class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean): void {
    this.template = value;
  }
}

class FakeMenu {
  private readonly listeners = new Map<string, Array<() => void>>();
  constructor(readonly template: MenuItemConstructorOptions[]) {}
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  /** Clicks the item labelled `label` (in any submenu). */
  click(label: string): void {
    const find = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined =>
      items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? [find(item.submenu)].filter((i): i is MenuItemConstructorOptions => i !== undefined) : [])]).find((item) => item.label === label);
    const item = find(this.template);
    if (!item?.click) throw new Error(`no clickable "${label}" in ${JSON.stringify(this.template.map((i) => i.label))}`);
    (item.click as () => void)();
  }
  labels(): string[] {
    return this.template.map((item) => item.label ?? '---');
  }
}

/** The fake Tray: remembers what it was told and wakes the test's waiters on every change. */
class FakeTray {
  static instances: FakeTray[] = [];
  title = '';
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  private waiters: Array<() => void> = [];
  constructor(public image: FakeImage) {
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
    this.changed();
  }
  setTitle(title: string): void {
    this.title = title;
    this.changed();
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
    this.changed();
  }
  on(): void {}
  popUpContextMenu(): void {}
  destroy(): void {
    this.destroyed = true;
  }
  /** Resolves once `test` holds (checked now and at every change). */
  when(test: (tray: FakeTray) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for the tray to show ${what}; it shows ${this.image.path} "${this.title}" ${JSON.stringify(this.menu?.labels())}`)), 15_000);
      const check = (): void => {
        if (!test(this)) return void this.waiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  }
  private changed(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function fakeShell(daemon: ShellContext['daemon']) {
  const shown: Array<string | undefined> = [];
  const quitSteps: Array<() => Promise<void> | void> = [];
  const appListeners = new Map<string, () => void>();
  let quits = 0;
  const prefs: ShellPreferences = { launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: [] };
  const electron = {
    app: { quit: () => void (quits += 1), on: (event: string, l: () => void) => appListeners.set(event, l), removeListener: (event: string) => appListeners.delete(event) },
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => new FakeMenu(template) },
    nativeImage: { createFromPath: (file: string) => new FakeImage(file) },
  };
  const ctx: ShellContext = {
    electron: electron as unknown as ShellContext['electron'], // only the parts setupTray uses
    platform: 'darwin',
    env: {},
    homeRoot: '/unused',
    paths: { cliEntry: '/unused', preload: '/unused', resources: RESOURCES },
    log: (line) => {
      throw new Error(`unexpected log: ${line}`);
    },
    prefs: { get: () => prefs, set: () => prefs, onChange: () => () => {} },
    daemon,
    windows: { show: (route) => void shown.push(route) },
    lifecycle: { onQuit: (step) => void quitSteps.push(step) },
    startHidden: true,
  };
  return { ctx, shown, quitSteps, appListeners, quits: () => quits };
}

describe('setupTray', () => {
  it('picks the macOS template image or the coloured one, each a file in resources/', () => {
    for (const icon of ['idle', 'running', 'failed', 'paused', 'unreachable'] as const) {
      expect(trayIconFile(RESOURCES, icon, 'darwin')).toBe(path.join(RESOURCES, 'tray', `${icon}Template.png`));
      expect(trayIconFile(RESOURCES, icon, 'linux')).toBe(path.join(RESOURCES, 'tray', `${icon}.png`));
      for (const platform of ['darwin', 'linux'] as const) expect(fs.existsSync(trayIconFile(RESOURCES, icon, platform))).toBe(true);
    }
  });

  it('draws the live daemon on a (fake) menubar tray: Run ▸ starts a tray run, the icon and title follow it, opening the menu is a look, and the other items open routes or quit', async () => {
    const w = tempWorld();
    w.writeProject(`
name: traydesk
pipelines:
  flaky: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.02; done; exit 1"], schedule: {cron: "0 19 * * 1-5"}}
`);
    const { api } = await startShellDaemon(w.home, w.project, cleanups);
    const link = httpLink(api);
    cleanups.push(() => link.close());
    const shell = fakeShell({ ...link, onNotification: () => () => undefined }); // the tray hears no notifications
    FakeTray.instances = [];
    setupTray(shell.ctx);
    const [tray] = FakeTray.instances;
    cleanups.push(async () => {
      for (const step of shell.quitSteps.splice(0)) await step();
    });
    await tray!.when((t) => t.menu?.labels().includes('Run') === true, 'the first snapshot');
    expect(path.basename(tray!.image.path)).toBe('idleTemplate.png');
    expect([tray!.image.template, tray!.title]).toEqual([true, '']);

    tray!.menu!.click('flaky');
    await tray!.when((t) => t.title === '1', 'one run running');
    expect(path.basename(tray!.image.path)).toBe('runningTemplate.png');
    const [run] = await callDaemon(api, 'runs.list', {});
    expect([run!.trigger, run!.state]).toEqual(['tray', 'running']);
    expect(tray!.menu!.labels()[1]).toMatch(new RegExp(`^#${run!.id} flaky · ${run!.partition.date} · running$`));

    fs.writeFileSync(w.file('go'), '');
    await tray!.when((t) => path.basename(t.image.path) === 'failedTemplate.png', 'the failure');
    expect(tray!.title).toBe('');
    expect(tray!.tooltip).toContain('1 run failed since you looked');
    const menuBeforeLook = tray!.menu;
    tray!.menu!.emit('menu-will-show');
    await tray!.when((t) => path.basename(t.image.path) === 'idleTemplate.png', 'the look to clear the failure');
    expect(tray!.menu).toBe(menuBeforeLook); // the menu being opened is not replaced under the pointer

    tray!.menu!.click(`#${run!.id} flaky · ${run!.partition.date} · failed · just now`);
    tray!.menu!.click('Choose date and partition…');
    tray!.menu!.click('Open dashboard');
    tray!.menu!.click('Preferences…');
    expect(shell.shown).toEqual([`/runs/${run!.id}`, '/launch', '/', '/preferences']);
    tray!.menu!.click('Quit Tickwork');
    expect(shell.quits()).toBe(1);

    expect([...shell.appListeners.keys()]).toEqual(['browser-window-focus']);
    for (const step of shell.quitSteps.splice(0)) await step();
    expect(tray!.destroyed).toBe(true);
    expect(shell.appListeners.size).toBe(0);
  });
});
