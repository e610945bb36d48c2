/**
 * A real, private desktop notification environment for tests: an Xvfb
 * display, a D-Bus session bus and dunst owning org.freedesktop.Notifications
 * on them. Each step waits on its own readiness signal: Xvfb writes its
 * display number to -displayfd once it accepts clients, dbus-daemon prints
 * its address once it listens, and dunst is ready when the bus reports an
 * owner for the Notifications name (polled, bounded).
 *
 * History is read with dbus-send rather than `dunstctl history`: Debian 12's
 * dunstctl shells to `busctl` for that command, which comes with systemd,
 * not with dunst's dependencies.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { waitForAsync } from './wait-for.js';

const execFileAsync = promisify(execFile);
const binaries = ['Xvfb', 'dbus-daemon', 'dbus-send', 'dunst', 'notify-send'] as const;

/** One notification as dunst recorded it. */
export interface DesktopNoteRecord {
  readonly summary: string;
  readonly body: string;
}

/** A running Xvfb + D-Bus session + dunst. */
export interface DesktopSession {
  /** process.env with DISPLAY and DBUS_SESSION_BUS_ADDRESS of this session. */
  readonly env: NodeJS.ProcessEnv;
  /** Every notification dunst received, newest first (closes the displayed ones so dunst files them). */
  history(): Promise<DesktopNoteRecord[]>;
  /** Kills dunst, the bus and Xvfb, and removes the temp dir. */
  stop(): Promise<void>;
}

/** Which binaries the session needs but PATH lacks, as a sentence; null when all are there. */
export function desktopSessionMissing(): string | null {
  const missing = binaries.filter((name) => !onPath(name));
  return missing.length === 0 ? null : `${missing.join(', ')} not on PATH (apt-get install xvfb dunst libnotify-bin dbus-x11)`;
}

/** Starts Xvfb, a session bus and dunst; resolves once dunst owns org.freedesktop.Notifications. */
export async function startDesktopSession(): Promise<DesktopSession> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-desktop-'));
  const children: Child[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.splice(0).reverse().map(terminate));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const base = { ...process.env };
    delete base.WAYLAND_DISPLAY; // dunst would pick Wayland over our X display
    delete base.DBUS_SESSION_BUS_ADDRESS;

    const xvfb = track(children, spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1024x768x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] }), 'Xvfb');
    const display = `:${(await firstLine(xvfb, xvfb.process.stdio[3] as NodeJS.ReadableStream)).trim()}`;

    fs.writeFileSync(path.join(dir, 'bus.conf'), busConfig(dir));
    const bus = track(children, spawn('dbus-daemon', ['--config-file', path.join(dir, 'bus.conf'), '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] }), 'dbus-daemon');
    const address = (await firstLine(bus, bus.process.stdout!)).trim();

    const env: NodeJS.ProcessEnv = { ...base, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address };
    fs.writeFileSync(path.join(dir, 'dunstrc'), '[global]\n    history_length = 1000\n');
    const dunst = track(children, spawn('dunst', ['-config', path.join(dir, 'dunstrc')], { env, stdio: ['ignore', 'ignore', 'pipe'] }), 'dunst');
    await waitForAsync(async () => {
      if (dunst.process.exitCode !== null || dunst.process.signalCode !== null) throw dunst.failure('exited before owning org.freedesktop.Notifications');
      const { stdout } = await dbusSend(env, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications');
      return /boolean true/.test(stdout);
    }, 'dunst to own org.freedesktop.Notifications', 10_000);

    return {
      env,
      async history() {
        await dbusSend(env, 'org.freedesktop.Notifications', '/org/freedesktop/Notifications', 'org.dunstproject.cmd0.NotificationCloseAll');
        const { stdout } = await dbusSend(env, 'org.freedesktop.Notifications', '/org/freedesktop/Notifications', 'org.dunstproject.cmd0.NotificationListHistory');
        return parseHistory(stdout);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  failure(what: string): Error;
}

function track(children: Child[], child: ChildProcess, name: string): Child {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve()); // ENOENT: never started
  });
  const tracked: Child = {
    process: child,
    exited,
    failure: (what) => new Error(`${name} ${what}${stderr.trim() ? `: ${stderr.trim()}` : ''}`),
  };
  children.push(tracked);
  return tracked;
}

function firstLine(child: Child, stream: NodeJS.ReadableStream, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(child.failure(`printed no ready line within ${timeoutMs}ms`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.slice(0, text.indexOf('\n')));
      }
    });
    child.process.once('error', (err) => {
      clearTimeout(timer);
      reject(child.failure(`could not start (${err.message})`));
    });
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(child.failure(`exited (code ${child.process.exitCode}, signal ${child.process.signalCode}) before it was ready`));
    });
  });
}

async function terminate(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null || child.process.pid === undefined) return;
  child.process.kill('SIGTERM');
  const killer = setTimeout(() => child.process.kill('SIGKILL'), 3_000);
  await child.exited;
  clearTimeout(killer);
}

function dbusSend(env: NodeJS.ProcessEnv, dest: string, objectPath: string, method: string, ...args: string[]) {
  return execFileAsync('dbus-send', ['--session', '--print-reply', `--dest=${dest}`, objectPath, method, ...args], { env, timeout: 5_000 });
}

// No <servicedir>: nothing on this bus is auto-activated (e.g. the distro's dunst
// .service), so the only processes are the ones stop() kills.
function busConfig(dir: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Parses dbus-send's printout of NotificationListHistory (aa{sv}): one inner array per notification. */
function parseHistory(reply: string): DesktopNoteRecord[] {
  return reply
    .split(/\n\s*array \[\n/)
    .filter((block) => block.includes('dict entry('))
    .map((block) => ({ summary: stringField(block, 'summary'), body: stringField(block, 'body') }));
}

function stringField(block: string, key: string): string {
  // dbus-send prints strings unescaped, possibly over several lines; the value ends at `"` + newline + `)`.
  const match = new RegExp(`string "${key}"\\n\\s*variant\\s+string "([\\s\\S]*?)"\\n\\s*\\)`).exec(block);
  return match?.[1] ?? '';
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
