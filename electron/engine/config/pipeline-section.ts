/**
 * Reading one pipeline's mapping: its command, lists, on_error rules and
 * execution settings. Cross-pipeline checks (depends_on, requires, cycles)
 * happen later in references.ts, once every pipeline name is known.
 */
import { isScalar, isSeq } from 'yaml';
import type { CommandSpec, ConcurrencyConfig, ErrorAction, ErrorRule, GateConfig, PartitionNarrowing } from '../../../shared/config-model.js';
import { readGate } from './gate-section.js';
import { narrowingConflict, readNarrowing } from './partition-narrowing.js';
import { readPipelineAlerts, type PartialAlertRules } from './alerts-section.js';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import { EXECUTION_KEYS, readSettings, type PartialSettings, type SettingsScope } from './settings.js';
import { checkTemplates, pipelineTemplateScope } from './template-check.js';
import { readOutputs } from './outputs-section.js';
import { CONCURRENCY_KEYS, readConcurrency, readSchedule, type RawSchedule } from './schedule-section.js';
import {
  checkKeys,
  describe,
  entryFor,
  fail,
  lowerFirst,
  readDuration,
  readBool,
  readInt,
  readMap,
  readSeq,
  readStringList,
  readText,
  scalarText,
  type YamlNode,
} from './yaml-nodes.js';

/** A name in a list, with the node to point at when it turns out to be wrong. */
export interface NameRef {
  readonly value: string;
  readonly node: YamlNode;
}

/** A pipeline as read, before cross-pipeline checks and settings layering. */
export interface RawPipeline {
  readonly name: string;
  readonly keyNode: YamlNode;
  readonly description?: string;
  readonly command?: CommandSpec;
  readonly dependsOn: readonly NameRef[];
  readonly provides: readonly NameRef[];
  readonly requires: readonly NameRef[];
  readonly onError: readonly ErrorRule[];
  readonly settings: PartialSettings;
  readonly schedule?: RawSchedule;
  readonly concurrency?: ConcurrencyConfig;
  readonly waitFor?: GateConfig;
  readonly alerts?: PartialAlertRules;
  readonly outputs?: readonly string[];
  readonly partitions?: PartitionNarrowing;
  readonly keepAwake?: boolean;
}

const PIPELINE_KEYS = ['command', 'description', 'depends_on', 'provides', 'requires', 'on_error', 'wait_for', 'schedule', 'alerts', 'partitions', 'outputs', 'keep_awake', ...CONCURRENCY_KEYS, ...EXECUTION_KEYS];
const RULE_KEYS = ['exit_code', 'output', 'action', 'max_attempts', 'retry_delay'];
const ACTIONS: readonly ErrorAction[] = ['retry', 'fail', 'skip'];

/** Reads the body of `pipelines.<name>`; returns undefined when it is not a mapping. */
export function readPipeline(
  name: string,
  keyNode: YamlNode,
  node: unknown,
  field: string,
  projectScope: SettingsScope,
): RawPipeline | undefined {
  const entries = readMap(node, field, projectScope);
  if (entries === undefined) return undefined;
  // Its templates may name its own upstream: {{ upstream.<name>.date }}.
  const scope = pipelineTemplateScope(projectScope, entries);
  checkKeys(entries, PIPELINE_KEYS, scope);
  const get = (key: string) => entryFor(entries, key, { ctx: scope });
  const commandEntry = entryFor(entries, 'command', { ctx: scope, required: { mapNode: node, field } });
  const descriptionEntry = get('description');
  const list = (key: string, what: string): NameRef[] => {
    const entry = get(key);
    return entry === undefined ? [] : (readStringList(entry.value, entry.field, scope, what) ?? []);
  };
  const onErrorEntry = get('on_error');
  const scheduleEntry = get('schedule');
  const schedule = scheduleEntry && readSchedule(scheduleEntry, scope);
  const concurrency = readConcurrency(entries, scope);
  const gateEntry = get('wait_for');
  const waitFor = gateEntry && readGate(gateEntry, scope, readCommand);
  const alertsEntry = get('alerts');
  const outputsEntry = get('outputs');
  const outputs = outputsEntry && readOutputs(outputsEntry, scope);
  const partitionsEntry = get('partitions');
  const partitions = partitionsEntry && readNarrowing(partitionsEntry, scope);
  const keepAwakeEntry = get('keep_awake');
  const keepAwake = keepAwakeEntry && readBool(keepAwakeEntry.value, keepAwakeEntry.field, scope);
  const conflict = narrowingConflict(partitions, schedule?.partitions);
  if (conflict && scheduleEntry) fail(scope, scheduleEntry.value, `${scheduleEntry.field}.partitions`, conflict);
  return {
    ...(outputs !== undefined && { outputs }),
    ...(partitions !== undefined && { partitions }),
    ...(keepAwake !== undefined && { keepAwake }),
    ...(alertsEntry !== undefined && { alerts: readPipelineAlerts(alertsEntry, scope) }),
    ...(waitFor !== undefined && { waitFor }),
    ...(schedule !== undefined && { schedule }),
    ...(concurrency !== undefined && { concurrency }),
    name,
    keyNode,
    description: descriptionEntry && readText(descriptionEntry.value, descriptionEntry.field, scope),
    command: commandEntry && readCommand(commandEntry.value, commandEntry.field, scope),
    dependsOn: list('depends_on', 'pipeline names'),
    provides: list('provides', 'strings'),
    requires: list('requires', 'strings'),
    onError: onErrorEntry === undefined ? [] : readRules(onErrorEntry.value, onErrorEntry.field, scope),
    settings: readSettings(entries, scope),
  };
}

function readCommand(node: unknown, field: string, scope: SettingsScope): CommandSpec | undefined {
  if (isSeq(node)) {
    const items = readSeq(node, field, scope) ?? [];
    if (items.length === 0) {
      fail(scope, node, field, 'expected a non-empty list of arguments');
      return undefined;
    }
    const argv: string[] = [];
    for (const item of items) {
      const text = scalarText(item);
      if (text === undefined) {
        fail(scope, item, field, `expected each argument to be a string, got ${describe(item)}`);
        continue;
      }
      checkTemplates(text, item, field, scope);
      argv.push(text);
    }
    return argv.length === items.length ? { kind: 'argv', argv } : undefined;
  }
  if (isScalar(node) && typeof node.value === 'string') {
    if (node.value.trim() === '') {
      fail(scope, node, field, 'expected a non-empty command');
      return undefined;
    }
    checkTemplates(node.value, node, field, scope);
    return { kind: 'shell', script: node.value };
  }
  fail(scope, node, field, `expected a shell command string or a list of arguments, got ${describe(node)}`);
  return undefined;
}

function readRules(node: unknown, field: string, scope: SettingsScope): ErrorRule[] {
  const items = readSeq(node, field, scope, 'a list of rules');
  if (items === undefined) return [];
  const rules: ErrorRule[] = [];
  items.forEach((item, i) => {
    const rule = readRule(item, `${field}[${i}]`, scope);
    if (rule !== undefined) rules.push(rule);
  });
  return rules;
}

function readRule(node: unknown, field: string, scope: SettingsScope): ErrorRule | undefined {
  const entries = readMap(node, field, scope);
  if (entries === undefined) return undefined;
  checkKeys(entries, RULE_KEYS, scope);
  const get = (key: string) => entryFor(entries, key, { ctx: scope });
  const exitEntry = get('exit_code');
  const outputEntry = get('output');
  const actionEntry = entryFor(entries, 'action', { ctx: scope, required: { mapNode: node, field } });
  const attemptsEntry = get('max_attempts');
  const delayEntry = get('retry_delay');
  if (exitEntry === undefined && outputEntry === undefined) {
    fail(scope, node, field, 'a rule needs exit_code, output or both to say which failures it matches');
  }
  const exitCodes = exitEntry && readExitCodes(exitEntry.value, exitEntry.field, scope);
  const output = outputEntry && readRegex(outputEntry.value, outputEntry.field, scope);
  const action = actionEntry && readAction(actionEntry.value, actionEntry.field, scope);
  const maxAttempts = attemptsEntry && readInt(attemptsEntry.value, attemptsEntry.field, scope, 1);
  const retryDelayMs = delayEntry && (readDuration(delayEntry.value, delayEntry.field, scope) ?? undefined);
  if (action === undefined) return undefined;
  return {
    action,
    ...(exitCodes !== undefined && { exitCodes }),
    ...(output !== undefined && { output }),
    ...(maxAttempts !== undefined && { maxAttempts }),
    ...(retryDelayMs !== undefined && { retryDelayMs }),
  };
}

function readExitCodes(node: unknown, field: string, scope: SettingsScope): number[] | undefined {
  if (!isSeq(node)) {
    const code = readInt(node, field, scope);
    return code === undefined ? undefined : [code];
  }
  const items = readSeq(node, field, scope) ?? [];
  if (items.length === 0) fail(scope, node, field, 'expected at least one exit code');
  const codes = items.map((item) => readInt(item, field, scope));
  return codes.every((c): c is number => c !== undefined) && codes.length > 0 ? codes : undefined;
}

function readRegex(node: unknown, field: string, scope: SettingsScope): string | undefined {
  const source = readText(node, field, scope, { nonEmpty: true });
  if (source === undefined) return undefined;
  try {
    new RegExp(source);
    return source;
  } catch (error) {
    fail(scope, node, field, lowerFirst((error as Error).message));
    return undefined;
  }
}

function readAction(node: unknown, field: string, scope: SettingsScope): ErrorAction | undefined {
  const text = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  const action = ACTIONS.find((a) => a === text);
  if (action !== undefined) return action;
  const hint = text === undefined ? '' : suggestionSuffix(text, ACTIONS);
  fail(scope, node, field, `expected retry, fail or skip, got ${describe(node)}${hint}`);
  return undefined;
}

