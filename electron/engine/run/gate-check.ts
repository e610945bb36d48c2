/**
 * Evaluates a task's wait_for gate once: the run's data-ready mark, a file
 * (wildcards in its last segment), a command that must exit 0. Returns the
 * conditions still unmet (empty: the gate is open).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { GateConfig } from '../../../shared/config-model.js';
import type { RunRecord } from '../../../shared/run-model.js';
import { renderTemplate, type TemplateContext } from '../plan/templates.js';

/** Longest a gate command may run per check. */
const COMMAND_LIMIT_MS = 60_000;

/** The unmet conditions of `gate` for `run` (empty when open). */
export async function unmetConditions(gate: GateConfig, run: RunRecord, context: TemplateContext, cwd: string, env?: Readonly<Record<string, string>>): Promise<string[]> {
  const unmet: string[] = [];
  if (gate.dataReady && run.dataReadyAt === null) unmet.push('data_ready');
  if (gate.file !== null) {
    const file = path.resolve(cwd, renderTemplate(gate.file, context));
    if (!fileExists(file)) unmet.push(`file ${file}`);
  }
  if (gate.command !== null && unmet.length === 0 && !(await commandSucceeds(gate, context, cwd, env))) unmet.push('command');
  return unmet;
}

/** True when `pattern` (wildcards `*`, `?` allowed in its last segment) matches an existing path. */
export function fileExists(pattern: string): boolean {
  const name = path.basename(pattern);
  if (!/[*?]/.test(name)) return fs.existsSync(pattern);
  const regex = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  try {
    return fs.readdirSync(path.dirname(pattern)).some((entry) => regex.test(entry));
  } catch {
    return false;
  }
}

/** `env`: the task's whole environment (task-env.ts); absent: this process's. */
function commandSucceeds(gate: GateConfig, context: TemplateContext, cwd: string, env: Readonly<Record<string, string>> | undefined): Promise<boolean> {
  const command = gate.command!;
  const [file, args] =
    command.kind === 'argv'
      ? [renderTemplate(command.argv[0]!, context), command.argv.slice(1).map((a) => renderTemplate(a, context))]
      : ['/bin/sh', ['-c', renderTemplate(command.script, context)]];
  return new Promise((resolve) => {
    execFile(file, args, { cwd, ...(env ? { env } : {}), timeout: Math.min(gate.pollMs, COMMAND_LIMIT_MS), windowsHide: true }, (error) => resolve(error === null));
  });
}
