/**
 * The Electron main entry (bundled to dist/app/main.cjs): the only file that
 * imports the real `electron` module. It finds the app's parts (inside
 * app.asar when packaged, the checkout otherwise: the bundle sits in
 * dist/app/ either way), logs to stdout and `<home>/app.log`, and starts the shell.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as electron from 'electron';
import { resolveHomeDir } from '../engine/home.js';
import { startShell } from './main.js';
import type { ShellPaths } from './shell-context.js';
import type { LoginProgram } from './setup-login-item.js';

const { app } = electron;
const root = app.isPackaged ? app.getAppPath() : path.resolve(__dirname, '..', '..');
const paths: ShellPaths = {
  cliEntry: path.join(root, 'dist', 'cli.cjs'),
  preload: path.join(root, 'dist', 'app', 'preload.cjs'),
  resources: path.join(root, 'resources'),
};

// Packaged: the binary itself, or on Linux the .AppImage file (its mount point changes every run).
// A checkout: the Electron binary with this bundle as its argument.
const loginProgram: LoginProgram = app.isPackaged
  ? { program: process.env.APPIMAGE ?? process.execPath, programArgs: [] }
  : { program: process.execPath, programArgs: [__filename] };

const logFile = path.join(resolveHomeDir(process.env), 'app.log');
const log = (line: string): void => {
  const stamped = `${new Date().toISOString()} ${line}\n`;
  process.stdout.write(stamped);
  try {
    fs.mkdirSync(path.dirname(logFile), { recursive: true, mode: 0o700 });
    fs.appendFileSync(logFile, stamped, { mode: 0o600 });
  } catch {
    // a full or read-only disk must not take the shell down with it
  }
};

startShell({ electron, env: process.env, platform: process.platform, argv: process.argv, paths, log, execPath: process.execPath, loginProgram }).catch((error: unknown) => {
  log(`the shell failed to start: ${(error as Error).stack ?? String(error)}`);
  app.exit(1);
});
