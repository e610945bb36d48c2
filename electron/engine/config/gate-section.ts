/**
 * Reading a pipeline's `wait_for:` — {data_ready, file, command, poll,
 * timeout}: the conditions it waits for before it may start.
 */
import type { CommandSpec, GateConfig } from '../../../shared/config-model.js';
import type { SettingsScope } from './settings.js';
import { checkTemplates } from './template-check.js';
import { checkKeys, entryFor, fail, readBool, readDuration, readMap, readText, type MapEntry } from './yaml-nodes.js';

const GATE_KEYS = ['data_ready', 'file', 'command', 'poll', 'timeout'];
const DEFAULT_POLL_MS = 30_000;

/** Reads `wait_for`; `readCommand` is the pipeline reader's own (argv list or shell string). */
export function readGate(
  entry: MapEntry,
  scope: SettingsScope,
  readCommand: (node: unknown, field: string, scope: SettingsScope) => CommandSpec | undefined,
): GateConfig | undefined {
  const body = readMap(entry.value, entry.field, scope);
  if (body === undefined) return undefined;
  checkKeys(body, GATE_KEYS, scope);
  const readyEntry = entryFor(body, 'data_ready', { ctx: scope });
  const fileEntry = entryFor(body, 'file', { ctx: scope });
  const commandEntry = entryFor(body, 'command', { ctx: scope });
  const pollEntry = entryFor(body, 'poll', { ctx: scope });
  const timeoutEntry = entryFor(body, 'timeout', { ctx: scope });
  const dataReady = readyEntry ? readBool(readyEntry.value, readyEntry.field, scope) : false;
  const file = fileEntry ? readFile(fileEntry, scope) : null;
  const command = commandEntry ? readCommand(commandEntry.value, commandEntry.field, scope) : null;
  const pollMs = pollEntry ? readDuration(pollEntry.value, pollEntry.field, scope) : DEFAULT_POLL_MS;
  const timeoutMs = timeoutEntry ? readDuration(timeoutEntry.value, timeoutEntry.field, scope, { nullable: true }) : null;
  if (!readyEntry && !fileEntry && !commandEntry) {
    fail(scope, entry.value, entry.field, 'expected at least one of data_ready, file or command');
    return undefined;
  }
  if (dataReady === undefined || file === undefined || command === undefined || pollMs === undefined || pollMs === null || timeoutMs === undefined) return undefined;
  return { dataReady, file, command, pollMs, timeoutMs };
}

function readFile(entry: MapEntry, scope: SettingsScope): string | undefined {
  const text = readText(entry.value, entry.field, scope, { nonEmpty: true });
  if (text === undefined) return undefined;
  const dirs = text.split('/').slice(0, -1).join('/');
  if (/[*?[\]]/.test(dirs)) {
    fail(scope, entry.value, entry.field, `wildcards are allowed in the file name only, not in directories: "${text}"`);
    return undefined;
  }
  checkTemplates(text, entry.value, entry.field, scope);
  return text;
}
