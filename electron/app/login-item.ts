/**
 * Launch at login, hidden in the tray. macOS and Windows: Electron's login
 * item settings. Linux: an XDG autostart entry,
 * `$XDG_CONFIG_HOME/autostart/tickwork.desktop` (default ~/.config), whose
 * Exec line is quoted per the Desktop Entry spec. Pure: the plan; the
 * writer below touches only that one file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/util/write-file-atomic.js';

/** The argument that starts the app hidden (no window until asked). */
export const HIDDEN_ARG = '--hidden';

/** What the login item depends on. */
export interface LoginItemFacts {
  readonly platform: NodeJS.Platform;
  readonly launchAtLogin: boolean;
  /** The program to start (the app binary; on Linux the AppImage file when run from one). */
  readonly program: string;
  /** Arguments before --hidden (a checkout run: the app's directory). */
  readonly programArgs: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory. */
  readonly userHome: string;
}

/** What to do: set Electron's login item settings, or write (content) / remove (null) the autostart file. */
export type LoginItemPlan =
  | { readonly kind: 'settings'; readonly settings: { readonly openAtLogin: boolean; readonly openAsHidden: boolean; readonly path: string; readonly args: readonly string[] } }
  | { readonly kind: 'autostart'; readonly file: string; readonly content: string | null };

/** See the file comment. */
export function loginItemPlan(facts: LoginItemFacts): LoginItemPlan {
  const args = [...facts.programArgs, HIDDEN_ARG];
  if (facts.platform === 'darwin' || facts.platform === 'win32') {
    return { kind: 'settings', settings: { openAtLogin: facts.launchAtLogin, openAsHidden: facts.launchAtLogin, path: facts.program, args } };
  }
  return { kind: 'autostart', file: autostartFile(facts.env, facts.userHome), content: facts.launchAtLogin ? desktopEntry([facts.program, ...args]) : null };
}

/** `$XDG_CONFIG_HOME/autostart/tickwork.desktop` (an unset or relative XDG_CONFIG_HOME means ~/.config, per the Base Directory spec). */
export function autostartFile(env: Readonly<Record<string, string | undefined>>, userHome: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const base = configured && path.isAbsolute(configured) ? configured : path.join(userHome, '.config');
  return path.join(base, 'autostart', 'tickwork.desktop');
}

/** The autostart entry starting `argv` (program first). */
export function desktopEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tickwork',
    'Comment=Schedules, runs and watches your data pipelines',
    `Exec=${argv.map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

// Desktop Entry spec, "The Exec key": an argument with a reserved character is double-quoted, and inside
// the quotes " ` $ \ take a backslash; `%` is a field code, so a literal one is `%%`. Then the value is a
// string, whose own escaping doubles every backslash again (a literal \ in a quoted argument is \\\\).
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

function execArg(arg: string): string {
  const percent = arg.replace(/%/g, '%%');
  const quoted = RESERVED.test(percent) ? `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : percent;
  return quoted.replace(/\\/g, '\\\\');
}

/** Writes (or removes) the autostart file; true when the file changed. */
export function applyAutostart(plan: Extract<LoginItemPlan, { kind: 'autostart' }>): boolean {
  if (plan.content === null) {
    if (!fs.existsSync(plan.file)) return false;
    fs.rmSync(plan.file, { force: true });
    return true;
  }
  try {
    if (fs.readFileSync(plan.file, 'utf8') === plan.content) return false;
  } catch {
    // not there yet
  }
  writeFileAtomic(plan.file, plan.content);
  return true;
}

/** Started hidden: `--hidden` on the command line (the login item's), or macOS says it opened the app as hidden. */
export function startsHidden(argv: readonly string[], wasOpenedAsHidden: boolean): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAsHidden;
}
