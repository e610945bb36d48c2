/**
 * `{{ variable }}` templates in commands, env values and cwd.
 *
 * Variables: date, run_id, pipeline, attempt, partition.<key>, params.<key>,
 * upstream.<pipeline>.date (the date of the upstream result a task uses).
 * The config loader validates references up front; rendering happens per
 * attempt, when partition and param values are finally known.
 */

/** Values available to a template when one attempt is about to start. */
export interface TemplateContext {
  readonly date: string;
  readonly runId: string;
  readonly pipeline: string;
  readonly attempt: number;
  readonly partition: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  /**
   * Upstream pipeline → the date of its result this task uses, where that is
   * not the run's own date (--no-upstream). Any other upstream's date is the
   * run's: validation has already checked that the name is an upstream.
   */
  readonly upstream?: Readonly<Record<string, string>>;
}

/** A template that cannot be rendered; the message tells the user how to fix it. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** The variable path as written, e.g. `params.window`. */
  readonly ref: string;
  constructor(ref: string, message: string) {
    super(message);
    this.ref = ref;
  }
}

/** Variables that take no `.key` suffix. */
export const SIMPLE_TEMPLATE_VARS: readonly string[] = ['date', 'run_id', 'pipeline', 'attempt'];

/** Variables that need a `.key` suffix. */
export const KEYED_TEMPLATE_VARS: readonly string[] = ['partition', 'params', 'upstream'];

/** The fields of `{{ upstream.<pipeline>.<field> }}`. */
export const UPSTREAM_FIELDS: readonly string[] = ['date'];

/** Splits the key of an `upstream.` reference, `data.date`, into pipeline and field (names may hold dots; fields do not). */
export function splitUpstreamKey(key: string): { pipeline: string; field: string | undefined } {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? { pipeline: key, field: undefined } : { pipeline: key.slice(0, dot), field: key.slice(dot + 1) };
}

// Whitespace inside the braces is optional; braces inside are not allowed so
// `{{{ x }}}`-style text in shell scripts is not half-matched.
const TEMPLATE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable paths referenced by `text`, in order of appearance (duplicates kept). */
export function templateRefs(text: string): string[] {
  const refs: string[] = [];
  for (const match of text.matchAll(TEMPLATE_PATTERN)) refs.push(match[1] ?? '');
  return refs;
}

/** `text` with every complete `{{ … }}` template removed (what is left may hold an unclosed one). */
export function withoutTemplates(text: string): string {
  return text.replace(TEMPLATE_PATTERN, '');
}

/** Splits `partition.region` into root `partition` and key `region` (key may contain dots). */
export function splitRef(ref: string): { root: string; key: string | undefined } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { root: ref, key: undefined } : { root: ref.slice(0, dot), key: ref.slice(dot + 1) };
}

/** Replaces every `{{ ref }}` in `text`; throws TemplateError for unknown or missing values. */
export function renderTemplate(text: string, ctx: TemplateContext): string {
  return text.replace(TEMPLATE_PATTERN, (_whole, ref: string) => lookup(ref, ctx));
}

function lookup(ref: string, ctx: TemplateContext): string {
  const { root, key } = splitRef(ref);
  if (key === undefined) {
    switch (root) {
      case 'date':
        return ctx.date;
      case 'run_id':
        return ctx.runId;
      case 'pipeline':
        return ctx.pipeline;
      case 'attempt':
        return String(ctx.attempt);
    }
  } else if (root === 'params') {
    const value = ctx.params[key];
    if (value !== undefined) return value;
    throw new TemplateError(
      ref,
      `{{ ${ref} }} has no value: pass --param ${key}=… or set params.${key} in tickwork.yaml`,
    );
  } else if (root === 'partition') {
    const value = ctx.partition[key] ?? (key === 'date' ? ctx.date : undefined);
    if (value !== undefined) return value;
    throw new TemplateError(ref, `{{ ${ref} }} has no value: this run has no "${key}" partition`);
  } else if (root === 'upstream') {
    const { pipeline, field } = splitUpstreamKey(key);
    if (field === 'date') return ctx.upstream?.[pipeline] ?? ctx.date;
  }
  throw new TemplateError(
    ref,
    `{{ ${ref} }} is not a template variable: use date, run_id, pipeline, attempt, partition.<key>, params.<key> or upstream.<pipeline>.date`,
  );
}
