/**
 * `code:` in `defaults` or a pipeline: file globs (`*`, `?`, `**`, the
 * matcher of `outputs:`), relative to the project directory or absolute,
 * naming the scripts and libraries a task's result depends on. When a run is
 * planned every matched file's content is hashed into the task's cache key
 * (run/code-digest.ts), so an edited script re-runs its task and its
 * downstream. A pipeline's globs add to those of `defaults`. Not templated:
 * the code is the same for every partition.
 */
import type { SettingsScope } from './settings.js';
import { fail, readStringList } from './yaml-nodes.js';
import { globSyntaxProblem } from './outputs-section.js';

/** Reads `code: [glob, …]`; undefined when nothing usable was given (the problems are reported). */
export function readCodeGlobs(node: unknown, field: string, scope: SettingsScope): readonly string[] | undefined {
  const items = readStringList(node, field, scope, 'file globs');
  if (items === undefined) return undefined;
  const globs: string[] = [];
  for (const { value, node: item } of items) {
    const problem = globSyntaxProblem(value, 'lib/**/*.py');
    if (problem) {
      fail(scope, item, field, problem);
    } else if (value.includes('{{')) {
      fail(scope, item, field, `code globs are not templated (the code is the same for every partition), got "${value}"`);
    } else {
      globs.push(value);
    }
  }
  return globs;
}
