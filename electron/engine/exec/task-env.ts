/**
 * The environment rule: what a task's process sees, the same with or without
 * a daemon.
 *
 *   base (from the engine process: BASE_ENV_NAMES and LC_*)
 *   ← env_passthrough (values from whoever triggered the run)
 *   ← the config's `env` (templated)
 *   ← Tickwork's own TICKWORK_* variables (render-task.ts: run, pipeline,
 *     attempt, date, partition keys, upstream dates; attemptOnlyVariables:
 *     TICKWORK_MODE and the params its templates name; lake/attempt-lake.ts:
 *     TICKWORK_OUTPUT_<DATASET>, TICKWORK_INPUT_<DATASET>[_ROOT])
 *
 * Nothing else of the engine's or the caller's environment reaches a task.
 * The passed-through values are part of the task's cache key through a keyed
 * digest (`passthroughDigest`); the store keeps only their names and that
 * digest, never the values. All pure: callers hand in the environments.
 */
import crypto from 'node:crypto';
import type { PassthroughRecord } from '../../../shared/run-model.js';
import { isTaskTerminal, type TaskState } from '../../../shared/state-machines.js';

/** Variables every task gets from the engine process (plus every `LC_*`). Short on purpose: anything else is asked for by name. */
export const BASE_ENV_NAMES: readonly string[] = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'TZ', 'TMPDIR', 'TERM'];

const BASE_NAMES = new Set(BASE_ENV_NAMES);

/** The base part of a task's environment, taken from the engine's own environment. */
export function baseEnvironment(engineEnv: NodeJS.ProcessEnv): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(engineEnv)) {
    if (value !== undefined && (BASE_NAMES.has(name) || name.startsWith('LC_'))) base[name] = value;
  }
  return base;
}

/** What an `env_passthrough` entry may be: a variable name, optionally with `*` wildcards (`AWS_*`). */
export const PASSTHROUGH_PATTERN = /^[A-Za-z_*][A-Za-z0-9_*]*$/;

/** True when `name` matches `pattern` (`*` stands for any run of characters, case matters). */
export function matchesPassthrough(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(name);
}

/** The entries of `env` whose names match one of `patterns`, sorted by name (so equal maps serialise equally). */
export function pickPassthrough(patterns: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  if (patterns.length === 0) return picked;
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value !== undefined && patterns.some((pattern) => matchesPassthrough(pattern, name))) picked[name] = value;
  }
  return picked;
}

/**
 * A keyed digest of a name → value map (HMAC-SHA256 under the home's key,
 * hex, 32 characters): equal maps give equal digests, and a short value such
 * as `1` cannot be guessed back from the store without the key.
 */
export function passthroughDigest(values: Readonly<Record<string, string>>, key: Buffer): string {
  const canonical = JSON.stringify(Object.keys(values).sort().map((name) => [name, values[name]]));
  return crypto.createHmac('sha256', key).update(canonical).digest('hex').slice(0, 32);
}

/** The trigger's passed-through values (held in memory only) and the key to digest them with. */
export interface TriggerEnv {
  readonly values: Readonly<Record<string, string>>;
  readonly key: Buffer;
}

/** The record of a task with `patterns`, given the trigger's values. */
export function passthroughRecord(patterns: readonly string[], trigger: TriggerEnv): PassthroughRecord {
  const values = pickPassthrough(patterns, trigger.values);
  return { names: Object.keys(values), digest: passthroughDigest(values, trigger.key) };
}

/**
 * What to say when `values` are not the ones a task was planned with, or
 * null when they are: names missing here, or present with another value (by
 * digest only: the values themselves are never shown).
 */
export function passthroughMismatch(patterns: readonly string[], recorded: PassthroughRecord, values: Readonly<Record<string, string | undefined>>, key: Buffer): string | null {
  const here = pickPassthrough(patterns, values);
  if (passthroughDigest(here, key) === recorded.digest) return null;
  const missing = recorded.names.filter((name) => !(name in here));
  const extra = Object.keys(here).filter((name) => !recorded.names.includes(name));
  const parts: string[] = [];
  if (missing.length) parts.push(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set here`);
  if (extra.length) parts.push(`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} set here but ${extra.length === 1 ? 'was' : 'were'} not when the run was triggered`);
  if (parts.length === 0) parts.push(`${recorded.names.join(', ')} ${recorded.names.length === 1 ? 'has' : 'have'} another value here than when the run was triggered`);
  return parts.join('; ');
}

/**
 * The variables Tickwork sets for one attempt over the base: the task's
 * passed-through values, then `rendered` (the config's env and TICKWORK_*,
 * from renderTask), then TICKWORK_HOME. The launchers put them over
 * `baseEnvironment` (native and sh: the launcher process starts with the base;
 * direct: the spawn's env), so the task sees exactly `taskEnvironment`.
 */
export function taskVariables(passthrough: Readonly<Record<string, string>>, rendered: Readonly<Record<string, string>>, homeRoot: string): Record<string, string> {
  return { ...passthrough, ...rendered, TICKWORK_HOME: homeRoot };
}

/** The whole environment a task's process sees (see the file comment). */
export function taskEnvironment(engineEnv: NodeJS.ProcessEnv, variables: Readonly<Record<string, string>>): Record<string, string> {
  return { ...baseEnvironment(engineEnv), ...variables };
}

/**
 * `spec` with `extraPatterns` (a targeted job's) added to its env_passthrough
 * and the record of what `trigger` passes it; `spec` itself when it passes
 * nothing through.
 */
export function withPassthrough<T extends { readonly envPassthrough?: readonly string[]; readonly passthrough?: PassthroughRecord }>(spec: T, extraPatterns: readonly string[], trigger: TriggerEnv | undefined): T {
  const patterns = extraPatterns.length ? [...new Set([...(spec.envPassthrough ?? []), ...extraPatterns])] : (spec.envPassthrough ?? []);
  if (patterns.length === 0) return spec;
  // A bug, not a user error: every trigger hands its environment to the plan (passthrough-key.ts triggerEnv).
  if (!trigger) throw new Error('planning a run with env_passthrough needs the trigger environment (RunRequest.env)');
  return { ...spec, envPassthrough: patterns, passthrough: passthroughRecord(patterns, trigger) };
}

/**
 * The values `env` gives the unfinished tasks among `tasks` (an engine
 * adopting a run it did not get them with), or what is wrong when they are
 * not the ones those tasks were planned with. `key` is asked for only when a
 * task passes something through.
 */
export function adoptedPassthrough(
  tasks: Iterable<{ readonly spec: { readonly envPassthrough?: readonly string[]; readonly passthrough?: PassthroughRecord }; readonly state: TaskState }>,
  env: Readonly<Record<string, string | undefined>>,
  key: () => Buffer,
): { readonly ok: true; readonly values: Readonly<Record<string, string>> } | { readonly ok: false; readonly problem: string } {
  const patterns = new Set<string>();
  const problems = new Set<string>();
  for (const task of tasks) {
    if (!task.spec.passthrough || isTaskTerminal(task.state)) continue;
    const own = task.spec.envPassthrough ?? [];
    for (const pattern of own) patterns.add(pattern);
    const why = passthroughMismatch(own, task.spec.passthrough, env, key());
    if (why) problems.add(why);
  }
  if (problems.size > 0) return { ok: false, problem: [...problems].join('; ') };
  return { ok: true, values: pickPassthrough([...patterns], env) };
}

/**
 * The variables one attempt (or one wait_for command) of a task gets over
 * the base: its own names picked from the run's passed-through values, then
 * `rendered` (renderTask's env), then TICKWORK_HOME.
 */
export function attemptVariables(
  spec: { readonly envPassthrough?: readonly string[]; readonly passthrough?: PassthroughRecord },
  runPassthrough: Readonly<Record<string, string>> | undefined,
  rendered: Readonly<Record<string, string>>,
  homeRoot: string,
): Record<string, string> {
  const passed = spec.passthrough ? pickPassthrough(spec.envPassthrough ?? [], runPassthrough ?? {}) : NOTHING;
  return taskVariables(passed, rendered, homeRoot);
}

const NOTHING: Readonly<Record<string, string>> = {};
