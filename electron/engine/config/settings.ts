/**
 * Execution settings: read from `defaults` and from each pipeline, then
 * layered built-ins ← defaults ← pipeline (env merged key by key).
 */
import * as path from 'node:path';
import { isScalar } from 'yaml';
import { PRIORITY_NAMES, type ExecutionSettings } from '../../../shared/config-model.js';
import { suggestionOrList, suggestionSuffix } from '../plan/did-you-mean.js';
import { checkTemplates, type TemplateScope } from './template-check.js';
import { joinPassthrough, readEnvPassthrough } from './env-passthrough-section.js';
import { readLogMax } from './housekeeping-section.js';
import { readCodeGlobs } from './code-section.js';
import {
  describe,
  fail,
  readDuration,
  readInt,
  readMap,
  readNumber,
  readText,
  scalarText,
  type MapEntry,
} from './yaml-nodes.js';

/** Everything the settings reader needs to know about the project. */
export interface SettingsScope extends TemplateScope {
  /** Absolute project directory, for resolving `cwd`. */
  readonly dir: string;
  /** Declared pool names (always includes `default`). */
  readonly pools: ReadonlySet<string>;
}

/** Keys accepted both in `defaults` and in a pipeline. */
export const EXECUTION_KEYS: readonly string[] = [
  'retries',
  'retry_delay',
  'backoff',
  'max_retry_delay',
  'jitter',
  'timeout',
  'kill_grace',
  'pool',
  'priority',
  'cwd',
  'env',
  'env_passthrough',
  'log_max',
  'code',
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The settings one layer sets explicitly. */
export type PartialSettings = Partial<Mutable<ExecutionSettings>>;

/** Built-in settings for a project rooted at `dir`. */
export function builtinSettings(dir: string): ExecutionSettings {
  return {
    retries: 0,
    retryDelayMs: 10_000,
    backoff: 2,
    maxRetryDelayMs: 600_000,
    jitter: 0.1,
    timeoutMs: null,
    killGraceMs: 5_000,
    pool: 'default',
    priority: PRIORITY_NAMES['normal'] ?? 0,
    cwd: dir,
    env: {},
  };
}

/** Layers settings left to right; later layers win, env is merged per variable, env_passthrough names and code globs add up. */
export function mergeSettings(base: ExecutionSettings, ...layers: readonly PartialSettings[]): ExecutionSettings {
  let merged: ExecutionSettings = base;
  for (const layer of layers) {
    const defined = Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined));
    const envPassthrough = joinPassthrough(merged.envPassthrough, layer.envPassthrough);
    const code = joinPassthrough(merged.code, layer.code);
    merged = { ...merged, ...defined, env: { ...merged.env, ...(layer.env ?? {}) }, ...(envPassthrough?.length && { envPassthrough }), ...(code?.length && { code }) };
  }
  return merged;
}

/** Reads the execution keys among `entries` (other keys are the caller's business). */
export function readSettings(entries: readonly MapEntry[], scope: SettingsScope): PartialSettings {
  const out: PartialSettings = {};
  for (const entry of entries) {
    const { value: node, field } = entry;
    switch (entry.key) {
      case 'retries':
        out.retries = readInt(node, field, scope, 0);
        break;
      case 'retry_delay':
        out.retryDelayMs = readDuration(node, field, scope) ?? undefined;
        break;
      case 'backoff':
        out.backoff = readNumber(node, field, scope, { min: 1 });
        break;
      case 'max_retry_delay':
        out.maxRetryDelayMs = readDuration(node, field, scope) ?? undefined;
        break;
      case 'jitter':
        out.jitter = readNumber(node, field, scope, { min: 0, max: 1 });
        break;
      case 'timeout':
        out.timeoutMs = readDuration(node, field, scope, { nullable: true });
        break;
      case 'kill_grace':
        out.killGraceMs = readDuration(node, field, scope) ?? undefined;
        break;
      case 'pool':
        out.pool = readPool(node, field, scope);
        break;
      case 'priority':
        out.priority = readPriority(node, field, scope);
        break;
      case 'cwd':
        out.cwd = readCwd(node, field, scope);
        break;
      case 'env':
        out.env = readEnv(node, field, scope);
        break;
      case 'env_passthrough':
        out.envPassthrough = readEnvPassthrough(node, field, scope);
        break;
      case 'log_max':
        out.logMaxBytes = readLogMax(node, field, scope);
        break;
      case 'code':
        out.code = readCodeGlobs(node, field, scope);
        break;
    }
  }
  return out;
}

function readPool(node: unknown, field: string, scope: SettingsScope): string | undefined {
  const name = readText(node, field, scope, { nonEmpty: true });
  if (name === undefined || scope.pools.has(name)) return name;
  const pools = [...scope.pools];
  fail(scope, node, field, `unknown pool "${name}"${suggestionOrList(name, pools, 'pools')}`);
  return undefined;
}

function readPriority(node: unknown, field: string, scope: SettingsScope): number | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(PRIORITY_NAMES, value)) return PRIORITY_NAMES[value];
  const names = Object.keys(PRIORITY_NAMES);
  const hint = typeof value === 'string' ? suggestionSuffix(value, names) : '';
  fail(scope, node, field, `expected ${names.join(', ')} or an integer, got ${describe(node)}${hint}`);
  return undefined;
}

function readCwd(node: unknown, field: string, scope: SettingsScope): string | undefined {
  const text = readText(node, field, scope, { nonEmpty: true });
  if (text === undefined) return undefined;
  checkTemplates(text, node, field, scope);
  return path.resolve(scope.dir, text);
}

/** What POSIX shells pass on: other names would be dropped without a word. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function readEnv(node: unknown, field: string, scope: SettingsScope): Record<string, string> | undefined {
  const entries = readMap(node, field, scope);
  if (entries === undefined) return undefined;
  const env: Record<string, string> = {};
  for (const entry of entries) {
    if (!ENV_NAME.test(entry.key)) {
      fail(scope, entry.keyNode, entry.field, `"${entry.key}" is not a usable environment variable name: letters, digits and _, not starting with a digit`);
      continue;
    }
    const text = scalarText(entry.value);
    if (text === undefined) {
      fail(scope, entry.at, entry.field, `expected a string, number or boolean, got ${describe(entry.value)}`);
      continue;
    }
    checkTemplates(text, entry.value, entry.field, scope);
    env[entry.key] = text;
  }
  return env;
}
