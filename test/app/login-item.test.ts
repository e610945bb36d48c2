import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { applyAutostart, autostartFile, desktopEntry, loginItemPlan, startsHidden, type LoginItemFacts } from '../../electron/app/login-item.js';

const facts = (over: Partial<LoginItemFacts>): LoginItemFacts => ({
  platform: 'linux', launchAtLogin: true, program: '/opt/Tickwork/tickwork', programArgs: [], env: {}, userHome: '/home/q', ...over,
});

describe('the login item', () => {
  it('on Linux is this exact XDG autostart entry, starting the app hidden', () => {
    const plan = loginItemPlan(facts({}));
    expect(plan).toEqual({
      kind: 'autostart',
      file: '/home/q/.config/autostart/tickwork.desktop',
      content: [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Tickwork',
        'Comment=Schedules, runs and watches your data pipelines',
        'Exec=/opt/Tickwork/tickwork --hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    });
  });

  it('quotes Exec arguments per the Desktop Entry spec: reserved characters, backslashes, dollars and percent signs', () => {
    const exec = (argv: string[]): string => desktopEntry(argv).split('\n').find((l) => l.startsWith('Exec='))!;
    expect(exec(['/home/q/My Apps/Tickwork.AppImage', '--hidden'])).toBe('Exec="/home/q/My Apps/Tickwork.AppImage" --hidden');
    expect(exec(['/opt/a\\b c'])).toBe('Exec="/opt/a\\\\\\\\b c"'); // a literal \ in a quoted argument: four backslashes
    expect(exec(['/opt/$HOME"x`'])).toBe('Exec="/opt/\\\\$HOME\\\\"x\\\\`"');
    expect(exec(['/opt/100%/t'])).toBe('Exec=/opt/100%%/t');
    expect(exec(['/usr/bin/electron', '/src/tickwork', '--hidden'])).toBe('Exec=/usr/bin/electron /src/tickwork --hidden');
  });

  it('follows an absolute XDG_CONFIG_HOME, and ignores a relative one as the spec says', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/x/conf' }, '/home/q')).toBe('/x/conf/autostart/tickwork.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'conf' }, '/home/q')).toBe('/home/q/.config/autostart/tickwork.desktop');
  });

  it('on macOS and Windows is Electron login item settings, opening hidden with --hidden', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(loginItemPlan(facts({ platform }))).toEqual({ kind: 'settings', settings: { openAtLogin: true, openAsHidden: true, path: '/opt/Tickwork/tickwork', args: ['--hidden'] } });
      expect(loginItemPlan(facts({ platform, launchAtLogin: false }))).toMatchObject({ settings: { openAtLogin: false, openAsHidden: false } });
    }
  });

  it('writes the autostart file when turned on (creating autostart/), leaves an identical one alone, and removes it when turned off', () => {
    const { root } = tempWorld();
    const on = loginItemPlan(facts({ env: { XDG_CONFIG_HOME: path.join(root, 'conf') } }));
    if (on.kind !== 'autostart') throw new Error('expected an autostart plan');
    expect(applyAutostart(on)).toBe(true);
    expect(fs.readFileSync(path.join(root, 'conf', 'autostart', 'tickwork.desktop'), 'utf8')).toBe(on.content);
    expect(fs.readdirSync(path.join(root, 'conf', 'autostart'))).toEqual(['tickwork.desktop']);
    expect(applyAutostart(on)).toBe(false);
    const off = loginItemPlan(facts({ launchAtLogin: false, env: { XDG_CONFIG_HOME: path.join(root, 'conf') } }));
    if (off.kind !== 'autostart') throw new Error('expected an autostart plan');
    expect(off.content).toBeNull();
    expect(applyAutostart(off)).toBe(true);
    expect(fs.existsSync(on.file)).toBe(false);
    expect(applyAutostart(off)).toBe(false);
  });

  it('starts hidden with --hidden or when macOS opened it as hidden, else shows the window', () => {
    expect(startsHidden(['/opt/Tickwork/tickwork', '--hidden'], false)).toBe(true);
    expect(startsHidden(['/opt/Tickwork/tickwork'], true)).toBe(true);
    expect(startsHidden(['/opt/Tickwork/tickwork'], false)).toBe(false);
  });
});
