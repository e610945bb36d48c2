/**
 * Reading `env_passthrough: [NAME, AWS_*]` (in `defaults`, a pipeline or a
 * job): the variables a task takes from whoever triggers its run.
 */
import { PASSTHROUGH_PATTERN } from '../exec/task-env.js';
import { fail, readSeq, readText, type ReadContext } from './yaml-nodes.js';

/** The names (or `*` patterns) listed at `node`; every bad entry is reported at its own position. */
export function readEnvPassthrough(node: unknown, field: string, ctx: ReadContext): string[] | undefined {
  const items = readSeq(node, field, ctx, 'a list of environment variable names');
  if (items === undefined) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const name = readText(item, field, ctx, { nonEmpty: true });
    if (name === undefined) continue;
    if (!PASSTHROUGH_PATTERN.test(name)) {
      fail(ctx, item, field, `"${name}" is not an environment variable name: letters, digits and _, not starting with a digit (* matches any characters)`);
    } else if (/^\*+$/.test(name)) {
      fail(ctx, item, field, `"${name}" would pass the caller's whole environment; name the variables (AWS_* is fine)`);
    } else if (/^TICKWORK_/.test(name)) {
      fail(ctx, item, field, `"${name}": TICKWORK_* variables are set by Tickwork itself`);
    } else if (names.includes(name)) {
      fail(ctx, item, field, `"${name}" is listed more than once`);
    } else names.push(name);
  }
  return names;
}

/** `a` and `b` together, each name once, in order (layers add names, they never remove them). */
export function joinPassthrough(a: readonly string[] | undefined, b: readonly string[] | undefined): readonly string[] | undefined {
  if (!b?.length) return a;
  if (!a?.length) return b;
  return [...new Set([...a, ...b])];
}
