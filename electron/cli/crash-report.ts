/**
 * What the `tickwork` command does with an error it did not expect (a bug,
 * not a user's mistake): one line on stderr naming the error and a report
 * file, never a stack trace of the bundle. The report holds what a bug
 * report needs: the stack, argv, Node and Tickwork versions, the time.
 *
 * Reports go to `$TICKWORK_HOME/crash-reports/`, or to the OS temp dir when
 * the home cannot be written (a read-only or missing home is often why).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveHomeDir } from '../engine/home.js';
import { TICKWORK_VERSION } from './version.js';
import { isSecretName, MASK } from '../../shared/secrets.js';

/** Longest message shown on the one line; the report has all of it. */
const MESSAGE_MAX = 300;

/** Writes the report for `error` and returns the one line to print (without its newline). */
export function reportInternalError(error: unknown, argv: readonly string[], now: Date = new Date()): string {
  const { name, message } = describe(error);
  const where = writeReport(reportText(error, argv, now), now);
  const shown = firstLine(message);
  const tail = where ? `full report written to ${where}` : 'no report could be written';
  return `tickwork: internal error: ${name}${shown ? `: ${shown}` : ''} — ${tail}`;
}

/** The error's name and message, whatever was thrown. */
function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || 'Error', message: String(error.message ?? '') };
  return { name: typeof error, message: safeString(error) };
}

function firstLine(message: string): string {
  const lines = message.trim().split('\n');
  let line = lines[0]!.trim();
  if (line.length > MESSAGE_MAX) line = `${line.slice(0, MESSAGE_MAX)}…`;
  else if (lines.length > 1) line += ' …';
  return line;
}

/** argv with the value of each secret-named `--param NAME=VALUE` (or `--param=NAME=VALUE`) masked: a report is meant to be shared. */
export function maskedArgv(argv: readonly string[]): string[] {
  const mask = (pair: string): string => {
    const eq = pair.indexOf('=');
    return eq > 0 && isSecretName(pair.slice(0, eq)) ? `${pair.slice(0, eq + 1)}${MASK}` : pair;
  };
  return argv.map((arg, i) => (argv[i - 1] === '--param' ? mask(arg) : arg.startsWith('--param=') ? `--param=${mask(arg.slice(8))}` : arg));
}

/** The report: a header of facts, then the error with its stack, its own fields and its causes. */
function reportText(error: unknown, argv: readonly string[], now: Date): string {
  const header = [
    'Tickwork internal error report',
    `time: ${now.toISOString()}`,
    `tickwork: ${TICKWORK_VERSION}`,
    `node: ${process.version} (${process.platform} ${process.arch})`,
    `argv: ${JSON.stringify(maskedArgv(argv))}`,
    `cwd: ${process.cwd()}`,
    `pid: ${process.pid}`,
  ];
  const body: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (depth > 0) body.push('', 'caused by:');
    body.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : safeString(current));
    const fields = ownFields(current);
    if (fields) body.push(`fields: ${fields}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${header.join('\n')}\n\n${body.join('\n')}\n`;
}

/** Extra properties an error carries (SqliteError's `code`, errno, syscall, path), as JSON. */
function ownFields(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(error)) if (key !== 'stack' && key !== 'message' && key !== 'cause') fields[key] = (error as Record<string, unknown>)[key];
  return Object.keys(fields).length ? safeString(fields) : '';
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Writes the report into the first directory that takes it; the file's path, or null when none did. */
function writeReport(text: string, now: Date): string | null {
  const name = `crash-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.txt`;
  for (const dir of reportDirs()) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, name);
      fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
      return file;
    } catch {
      // The next place, then none: reporting must never throw over the error it reports.
    }
  }
  return null;
}

function reportDirs(): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(path.join(resolveHomeDir(), 'crash-reports'));
  } catch {
    // No home directory to resolve: the temp dir only.
  }
  dirs.push(path.join(os.tmpdir(), 'tickwork-crash-reports'));
  return dirs;
}
