/**
 * Declared outputs: a pipeline's `outputs:` globs, rendered like its command
 * and resolved against the project directory (an absolute glob stays as it
 * is). They are checked twice:
 * - before an identical earlier result is reused (create-run.ts): reused only
 *   when every output still matches a file, else the task runs again and an
 *   `outputs_missing` note says why;
 * - when an attempt exits 0 (attempt-runner.ts): an output that matches
 *   nothing turns the success into a failed attempt, "outputs missing: …".
 *   That failure is not retried by the pipeline's `retries` (running the same
 *   command again seldom writes what it did not write the first time); an
 *   `on_error` rule that matches it (`output: "outputs missing"`, or
 *   `exit_code: [0]`) decides instead, e.g. to retry a slow network share.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderTemplate, TemplateError, type TemplateContext } from '../plan/templates.js';
import { globHasMatch } from '../util/glob-match.js';
import type { AttemptVerdict } from './attempt-outcome.js';
import type { RunRecord, TaskSpec } from '../../../shared/run-model.js';
import { templateContext } from './render-task.js';

/** The summary prefix of an attempt (and the reason of a task) whose outputs are missing. */
export const OUTPUTS_MISSING = 'outputs missing';

/**
 * The declared outputs, rendered, that match no file (empty: all present).
 * An output whose template cannot be rendered counts as missing, with why.
 */
export function missingOutputs(outputs: readonly string[], context: TemplateContext, projectDir: string): string[] {
  const missing: string[] = [];
  for (const pattern of outputs) {
    let rendered: string;
    try {
      rendered = renderTemplate(pattern, context);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      missing.push(`${pattern} (${error.message})`);
      continue;
    }
    if (!globHasMatch(path.resolve(projectDir, rendered))) missing.push(rendered);
  }
  return missing;
}

/**
 * The declared outputs of an identical earlier result that match no file any
 * more, rendered for this run's partition and params with the earlier run's
 * id and attempt (its upstream, reused too, share this run's date).
 */
export function outputsGoneSince(
  run: Pick<RunRecord, 'partition' | 'params' | 'projectFile'>,
  task: { readonly pipeline: string; readonly spec: Pick<TaskSpec, 'outputs'> },
  previous: { readonly runId: number; readonly attempts: number },
): string[] {
  const outputs = task.spec.outputs ?? [];
  if (outputs.length === 0) return [];
  return missingOutputs(outputs, templateContext(run, String(previous.runId), task.pipeline, previous.attempts), path.dirname(run.projectFile));
}

/** `outputs missing: a/*.csv, b.json`. */
export function outputsMissingMessage(missing: readonly string[]): string {
  return `${OUTPUTS_MISSING}: ${missing.join(', ')}`;
}

/**
 * The verdict of an attempt that exited 0 but left `missing` outputs: failed,
 * saying which. The line also goes to the attempt's log, where a person
 * reading it and `on_error` output rules see it.
 */
export function outputsMissingVerdict(verdict: AttemptVerdict, missing: readonly string[], logPath: string): AttemptVerdict {
  return publishFailedVerdict(verdict, outputsMissingMessage(missing), logPath);
}

/** The verdict of an attempt that exited 0 but whose outputs do not count (`summary` says why), the line in its log too. */
export function publishFailedVerdict(verdict: AttemptVerdict, summary: string, logPath: string): AttemptVerdict {
  try {
    fs.appendFileSync(logPath, `tickwork: ${summary}\n`);
  } catch {
    // the log is gone: the reason still says it
  }
  return { ...verdict, state: 'failed', summary };
}
