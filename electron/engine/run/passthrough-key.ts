/**
 * The home's key for digesting passed-through environment values
 * (`$TICKWORK_HOME/env-key`, 32 random bytes, mode 0600), and the trigger
 * side of the environment rule: which values a trigger hands to a run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { pickPassthrough, type TriggerEnv } from '../exec/task-env.js';

const keys = new Map<string, Buffer>();

/** The digest key of the home at `homeRoot`, created on first use (by whichever process comes first). */
export function passthroughKey(homeRoot: string): Buffer {
  const known = keys.get(homeRoot);
  if (known) return known;
  const file = path.join(homeRoot, 'env-key');
  let key = readKey(file);
  if (!key) {
    fs.mkdirSync(homeRoot, { recursive: true, mode: 0o700 });
    // Written whole under a temporary name, then linked into place: a second process either wins the link or reads the winner's key.
    const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, crypto.randomBytes(32), { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
    key = readKey(file);
    if (!key) throw new Error(`${file} does not hold a 32-byte key; delete it and try again`);
  }
  keys.set(homeRoot, key);
  return key;
}

function readKey(file: string): Buffer | null {
  try {
    const key = fs.readFileSync(file);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

/** Every env_passthrough pattern of a project: its defaults (inside each pipeline), its pipelines and its jobs. */
export function projectPassthroughPatterns(project: ProjectConfig): string[] {
  const patterns = new Set<string>();
  for (const pipeline of project.pipelines.values()) for (const pattern of pipeline.envPassthrough ?? []) patterns.add(pattern);
  for (const job of project.jobs.values()) for (const pattern of job.envPassthrough ?? []) patterns.add(pattern);
  return [...patterns];
}

/** The values `project` passes through from `env` (the trigger's environment): what the CLI sends to the daemon. */
export function passthroughValues(project: ProjectConfig, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return pickPassthrough(projectPassthroughPatterns(project), env);
}

/**
 * The TriggerEnv of a run of `project` triggered from `env` on the home at
 * `homeRoot` (the key is read only when the project passes anything through).
 * `homeRoot` null: a plan that is only shown (`--dry-run`), digested under a
 * throwaway key.
 */
export function triggerEnv(homeRoot: string | null, project: ProjectConfig, env: Readonly<Record<string, string | undefined>>): TriggerEnv {
  const patterns = projectPassthroughPatterns(project);
  if (patterns.length === 0) return { values: {}, key: NO_KEY };
  return { values: pickPassthrough(patterns, env), key: homeRoot === null ? crypto.randomBytes(32) : passthroughKey(homeRoot) };
}

/** Stands in for the key when nothing is passed through (nothing is digested then). */
const NO_KEY = Buffer.alloc(0);
