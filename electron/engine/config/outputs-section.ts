/**
 * A pipeline's `outputs:`: templated file globs (`*`, `?`, `**`) relative to
 * the project directory (or absolute) that a successful attempt must leave
 * behind, each matching at least one file; see run/declared-outputs.ts.
 */
import { checkTemplates } from './template-check.js';
import type { SettingsScope } from './settings.js';
import { fail, readStringList, type MapEntry } from './yaml-nodes.js';

/** Reads `outputs: [glob, …]`; undefined when nothing usable was given (the problems are reported). */
export function readOutputs(entry: MapEntry, scope: SettingsScope): readonly string[] | undefined {
  const items = readStringList(entry.value, entry.field, scope, 'file globs');
  if (items === undefined) return undefined;
  const outputs: string[] = [];
  for (const { value, node } of items) {
    const problem = globSyntaxProblem(value, 'data/**/*.csv');
    if (problem) {
      fail(scope, node, entry.field, problem);
      continue;
    }
    checkTemplates(value, node, entry.field, scope);
    outputs.push(value);
  }
  return outputs;
}

/** Why `glob` is not one the matcher (util/glob-match.ts) reads as meant, or undefined; `example` shows a right one. */
export function globSyntaxProblem(glob: string, example: string): string | undefined {
  if (glob.split('/').some((segment) => segment.includes('**') && segment !== '**')) return `"**" must be a whole path segment (as in "${example}"), got "${glob}"`;
  return undefined;
}
