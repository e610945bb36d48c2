/**
 * The shell's preferences: `<home>/app-preferences.json`, read field by field
 * (a field that is missing or of the wrong type falls back to its default
 * with one log line naming the file and the field; an unreadable file
 * falls back whole, with one line), written atomically (temp file + rename,
 * mode 0600) so a crash mid-write never leaves half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/util/write-file-atomic.js';
import { checkPreference } from '../../shared/shell-preferences.js';
import type { PreferencesStore, ShellPreferences } from './shell-context.js';

/** The preferences of a first start. */
export const DEFAULT_PREFERENCES: ShellPreferences = { launchAtLogin: false, keepRunningOnQuit: true, notify: {}, projects: [] };

/** The preferences file of a home. */
export function preferencesPath(homeRoot: string): string {
  return path.join(homeRoot, 'app-preferences.json');
}

/** Preferences from a file's text: each bad field its default, each problem one message naming the file and the field. */
export function parsePreferences(text: string, file: string): { prefs: ShellPreferences; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { prefs: DEFAULT_PREFERENCES, problems: [`${file}: not valid JSON (${(error as Error).message}); using the default preferences`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { prefs: DEFAULT_PREFERENCES, problems: [`${file}: expected a JSON object; using the default preferences`] };
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];
  const field = <K extends keyof ShellPreferences>(name: K): ShellPreferences[K] => {
    const fallback = DEFAULT_PREFERENCES[name];
    if (record[name] === undefined) return fallback;
    const checked = checkPreference(name, record[name]);
    if (checked.ok) return checked.value;
    const whose = checked.field === name ? '' : ` for ${name}`;
    problems.push(`${file}: field ${checked.field}: expected ${checked.expected}, got ${JSON.stringify(checked.got)}; using the default ${JSON.stringify(fallback)}${whose}`);
    return fallback;
  };
  const prefs: ShellPreferences = { launchAtLogin: field('launchAtLogin'), keepRunningOnQuit: field('keepRunningOnQuit'), notify: field('notify'), projects: field('projects') };
  return { prefs, problems };
}

/** Writes the preferences atomically (temp file in the same directory, then rename), mode 0600. */
export function writePreferences(file: string, prefs: ShellPreferences): void {
  writeFileAtomic(file, `${JSON.stringify(prefs, null, 2)}\n`, { mode: 0o600, dirMode: 0o700 });
}

/** What `openPreferences` needs. */
export interface PreferencesOptions {
  readonly homeRoot: string;
  readonly log: (line: string) => void;
}

/** Opens the home's preferences (defaults when there is no file yet); `set` writes through at once. */
export function openPreferences(options: PreferencesOptions): PreferencesStore {
  const file = preferencesPath(options.homeRoot);
  let current = DEFAULT_PREFERENCES;
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.log(`${file}: cannot read (${(error as Error).message}); using the default preferences`);
  }
  if (text !== null) {
    const parsed = parsePreferences(text, file);
    current = parsed.prefs;
    parsed.problems.forEach((problem) => options.log(problem));
  }
  const listeners = new Set<(prefs: ShellPreferences) => void>();
  return {
    get: () => current,
    set(patch) {
      current = { ...current, ...patch };
      try {
        writePreferences(file, current);
      } catch (error) {
        // The choice still holds for this session; say why it will not survive a restart.
        options.log(`${file}: cannot save the preferences (${(error as Error).message})`);
      }
      for (const listener of listeners) listener(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
