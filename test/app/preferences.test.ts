import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { DEFAULT_PREFERENCES, openPreferences, preferencesPath } from '../../electron/app/preferences.js';
import type { ShellPreferences } from '../../electron/app/shell-context.js';
import { checkShellParams } from '../../shared/shell-contract.js';

function open(home: string): { prefs: ReturnType<typeof openPreferences>; lines: string[] } {
  const lines: string[] = [];
  return { prefs: openPreferences({ homeRoot: home, log: (line) => lines.push(line) }), lines };
}

describe('the shell preferences', () => {
  it('start from the defaults without a file, and log nothing', () => {
    const { home } = tempWorld();
    const { prefs, lines } = open(home);
    expect(prefs.get()).toEqual({ launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: [] });
    expect(lines).toEqual([]);
  });

  it('survive a restart: set writes the file (mode 0600, no temp file left) and listeners hear the change', () => {
    const { home } = tempWorld();
    const { prefs } = open(home);
    const heard: ShellPreferences[] = [];
    prefs.onChange((p) => heard.push(p));
    prefs.set({ launchAtLogin: true, notify: { stale: false }, projects: ['/p/tickwork.yaml'] });
    expect(heard).toEqual([{ launchAtLogin: true, keepRunningOnQuit: true, notify: { stale: false }, projects: ['/p/tickwork.yaml'] }]);
    expect(fs.statSync(preferencesPath(home)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(home)).toEqual(['app-preferences.json']);
    expect(open(home).prefs.get()).toEqual(heard[0]);
  });

  it('keep the good fields of a file with bad ones, and name the file and each bad field once', () => {
    const { home } = tempWorld();
    fs.writeFileSync(preferencesPath(home), JSON.stringify({ launchAtLogin: 'yes', keepRunningOnQuit: false, notify: { failed: 1 }, projects: ['relative/tickwork.yaml'] }));
    const { prefs, lines } = open(home);
    expect(prefs.get()).toEqual({ ...DEFAULT_PREFERENCES, keepRunningOnQuit: false });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${preferencesPath(home)}: field launchAtLogin: expected true or false, got "yes"; using the default false`);
    expect(lines[1]).toBe(`${preferencesPath(home)}: field notify.failed: expected an alert kind set to true or false, got 1; using the default {} for notify`);
    expect(lines[2]).toContain(': field projects: expected a list of absolute tickwork.yaml paths');
  });

  it('check each field by the rules the Preferences view’s IPC is checked by (shared/shell-preferences.ts)', () => {
    const { home } = tempWorld();
    fs.writeFileSync(preferencesPath(home), JSON.stringify({ notify: { 'Run Failed': false }, projects: ['/p/tickwork.yaml'] }));
    const { prefs, lines } = open(home);
    expect(prefs.get()).toEqual({ ...DEFAULT_PREFERENCES, projects: ['/p/tickwork.yaml'] });
    expect(lines).toEqual([`${preferencesPath(home)}: field notify.Run Failed: expected an alert kind set to true or false, got false; using the default {} for notify`]);
    expect(checkShellParams('setPreferences', { notify: { 'Run Failed': false } })).toEqual({ ok: false, error: 'notify.Run Failed must be an alert kind set to true or false' });
  });

  it('fall back to the defaults on a file that is not JSON or not an object, without crashing', () => {
    const { home } = tempWorld();
    for (const text of ['{"launchAtLogin": tru', '[1, 2]']) {
      fs.writeFileSync(preferencesPath(home), text);
      const { prefs, lines } = open(home);
      expect(prefs.get()).toEqual(DEFAULT_PREFERENCES);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(path.join(home, 'app-preferences.json'));
    }
  });
});
