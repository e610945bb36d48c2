/**
 * Load-time checks of `{{ … }}` references, so a typo fails at `tickwork
 * validate` rather than at 3 a.m. when the attempt renders its command.
 * `params.<key>` must name a param declared in the top-level `params:` (its
 * default value; `--param` overrides it at run time), so a typo is caught
 * here with a suggestion rather than failing a run. `upstream.<name>.date`
 * must name one of the pipeline's own `depends_on`.
 */
import { didYouMean, suggestionOrList, unknownParamHint } from '../plan/did-you-mean.js';
import { isSeq } from 'yaml';
import { KEYED_TEMPLATE_VARS, SIMPLE_TEMPLATE_VARS, UPSTREAM_FIELDS, splitRef, splitUpstreamKey, templateRefs, withoutTemplates } from '../plan/templates.js';
import { fail, scalarText, type MapEntry, type ReadContext } from './yaml-nodes.js';

/** A read context that also knows the declared partition keys and params. */
export interface TemplateScope extends ReadContext {
  readonly partitionKeys: ReadonlySet<string>;
  readonly paramNames: ReadonlySet<string>;
  /** The `depends_on` of the pipeline being read; absent in `defaults`, which no single pipeline owns. */
  readonly upstreamNames?: ReadonlySet<string>;
}

/** `scope` for templates inside one pipeline: its `depends_on` names (read leniently; depends_on itself reports its problems). */
export function pipelineTemplateScope<S extends TemplateScope>(scope: S, entries: readonly MapEntry[]): S {
  const dependsOn = entries.find((entry) => entry.key === 'depends_on')?.value;
  const names = isSeq(dependsOn) ? dependsOn.items.map(scalarText).filter((name): name is string => name !== undefined) : [];
  return { ...scope, upstreamNames: new Set(names) };
}

const ALL_ROOTS = [...SIMPLE_TEMPLATE_VARS, ...KEYED_TEMPLATE_VARS];
const USAGE = 'use date, run_id, pipeline, attempt, partition.<key>, params.<key> or upstream.<pipeline>.date';

/** Reports every unknown variable or partition key referenced by `text`, at `node`. */
export function checkTemplates(text: string, node: unknown, field: string, scope: TemplateScope): void {
  for (const ref of templateRefs(text)) {
    const message = refProblem(ref, scope);
    if (message !== undefined) fail(scope, node, field, message);
  }
  const unclosed = unclosedTemplate(text);
  if (unclosed !== undefined) fail(scope, node, field, `unterminated template "${unclosed}…": close it with }}`);
}

/** `{{` followed by a template variable's name: the start of a template, closed or not. */
const TEMPLATE_START = new RegExp(`\\{\\{\\s*(?:${ALL_ROOTS.join('|')})\\b[\\w.]*`);

/** The start of a `{{ variable` left without its `}}`, if any. */
function unclosedTemplate(text: string): string | undefined {
  return TEMPLATE_START.exec(withoutTemplates(text))?.[0];
}

function refProblem(ref: string, scope: TemplateScope): string | undefined {
  const { partitionKeys, paramNames } = scope;
  const { root, key } = splitRef(ref);
  if (SIMPLE_TEMPLATE_VARS.includes(root) && key === undefined) return undefined;
  if (root === 'params' && key !== undefined && key !== '') {
    if (paramNames.has(key)) return undefined;
    return `unknown param "${key}" in {{ ${ref} }}${unknownParamHint(key, [...paramNames])}`;
  }
  if (root === 'partition' && key !== undefined && key !== '') {
    if (key === 'date' || partitionKeys.has(key)) return undefined;
    const declared = ['date', ...partitionKeys];
    return `unknown partition key "${key}" in {{ ${ref} }}${suggestionOrList(key, declared, 'partition keys')}`;
  }
  if (root === 'upstream' && key !== undefined && key !== '') return upstreamProblem(ref, key, scope.upstreamNames);
  if (KEYED_TEMPLATE_VARS.includes(root)) return `{{ ${ref} }} needs a key, e.g. {{ ${root}.name }}`;
  if (SIMPLE_TEMPLATE_VARS.includes(root)) return `{{ ${ref} }}: ${root} has no fields; ${USAGE}`;
  const best = didYouMean(root, ALL_ROOTS);
  const hint = best === undefined ? `; ${USAGE}` : `; did you mean {{ ${KEYED_TEMPLATE_VARS.includes(best) ? `${best}.${key ?? 'name'}` : best} }}?`;
  return `unknown template variable {{ ${ref} }}${hint}`;
}

function upstreamProblem(ref: string, key: string, upstreamNames: ReadonlySet<string> | undefined): string | undefined {
  const { pipeline, field } = splitUpstreamKey(key);
  if (field === undefined || !UPSTREAM_FIELDS.includes(field)) {
    return `{{ ${ref} }} needs one of the fields ${UPSTREAM_FIELDS.join(', ')}, e.g. {{ upstream.${field === undefined ? key : pipeline}.date }}`;
  }
  if (upstreamNames === undefined) return `{{ ${ref} }} can be used only in a pipeline's own settings, not in defaults: each pipeline has its own upstream`;
  if (upstreamNames.has(pipeline)) return undefined;
  if (upstreamNames.size === 0) return `{{ ${ref} }}: "${pipeline}" is not an upstream of this pipeline (it has no depends_on)`;
  return `{{ ${ref} }}: "${pipeline}" is not an upstream of this pipeline${suggestionOrList(pipeline, [...upstreamNames], 'depends_on')}`;
}
