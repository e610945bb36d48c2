/**
 * The Launch form as data, and its URL: `/launch?target=metrics&date=2025-02-03&region=EU`
 * (a bare key is a static partition key; `param.NAME=value` a param; `target`
 * and partition keys repeat). Checked partition values become one trigger
 * request per combination of the keys that have any checked; a key with
 * none checked is left open, so the engine fans it out to all its values,
 * as the CLI does without --partition.
 */
import type { ProjectGraph } from '../../../shared/project-model.js';
import type { Selection } from '../../../shared/run-model.js';
import type { TriggerParams } from '../../api/launch.js';

/** What the form holds. */
export interface LaunchForm {
  /** tickwork.yaml of the project; null: the first served. */
  readonly project: string | null;
  readonly targets: readonly string[];
  readonly selection: Selection;
  readonly force: boolean;
  /** YYYY-MM-DD; '' leaves it to the engine (today in the project's zone). */
  readonly date: string;
  /** Checked values per static key. */
  readonly partitions: Readonly<Record<string, readonly string[]>>;
  /** Params the user changed from their defaults. */
  readonly params: Readonly<Record<string, string>>;
}

/** The empty form. */
export const EMPTY_FORM: LaunchForm = { project: null, targets: [], selection: 'upstream', force: false, date: '', partitions: {}, params: {} };

/** The selection choices: the engine's value, its label, and the TDAG / CLI words for it. */
export const SELECTIONS: ReadonlyArray<{ readonly value: Selection; readonly label: string; readonly words: string }> = [
  { value: 'upstream', label: 'Targets and their upstream', words: 'update_tree (default)' },
  { value: 'no_upstream', label: 'Targets only, on the latest upstream results', words: '--no-upstream' },
  { value: 'only_upstream', label: 'Only the upstream of the targets', words: 'update_only_tree, --only-upstream' },
];

const RESERVED = new Set(['project', 'target', 'selection', 'force', 'date']);
const SELECTION_VALUES = new Set<string>(SELECTIONS.map((s) => s.value));

/** The form a URL query describes (unknown selections fall back to the default). */
export function formFromSearch(search: string): LaunchForm {
  const query = new URLSearchParams(search);
  const partitions: Record<string, string[]> = {};
  const params: Record<string, string> = {};
  for (const [key, value] of query) {
    if (key.startsWith('param.')) params[key.slice('param.'.length)] = value;
    else if (!RESERVED.has(key) && value !== '') {
      const values = (partitions[key] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  const selection = query.get('selection') ?? 'upstream';
  return {
    project: query.get('project') || null,
    targets: [...new Set(query.getAll('target').filter(Boolean))],
    selection: SELECTION_VALUES.has(selection) ? (selection as Selection) : 'upstream',
    force: query.get('force') === '1' || query.get('force') === 'true',
    date: query.get('date') ?? '',
    partitions,
    params,
  };
}

/** The URL query of a form (defaults left out). */
export function searchFromForm(form: LaunchForm): string {
  const query = new URLSearchParams();
  if (form.project) query.set('project', form.project);
  for (const target of form.targets) query.append('target', target);
  if (form.selection !== 'upstream') query.set('selection', form.selection);
  if (form.force) query.set('force', '1');
  if (form.date) query.set('date', form.date);
  for (const [key, values] of Object.entries(form.partitions)) for (const value of values) query.append(key, value);
  for (const [name, value] of Object.entries(form.params)) query.set(`param.${name}`, value);
  return query.toString();
}

/**
 * The values of each static key the targets may run for: the project's,
 * narrowed by every target that names the key in its `partitions:`.
 */
export function allowedPartitionValues(graph: ProjectGraph, targets: readonly string[]): Record<string, readonly string[]> {
  const narrowings = targets.map((name) => graph.pipelines.find((p) => p.name === name)?.partitions ?? graph.jobs.find((j) => j.name === name)?.partitions ?? null);
  const out: Record<string, readonly string[]> = {};
  for (const [key, values] of Object.entries(graph.partitions)) {
    out[key] = values.filter((value) => narrowings.every((narrowing) => !narrowing?.[key] || narrowing[key]!.includes(value)));
  }
  return out;
}

/** One trigger request per combination of the keys with checked values (the others fan out in the engine). */
export function triggerRequests(form: LaunchForm, project: string): TriggerParams[] {
  const keys = Object.entries(form.partitions).filter(([, values]) => values.length > 0);
  let combos: Array<Record<string, string>> = [{}];
  for (const [key, values] of keys) combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  return combos.map((partition) => ({
    project,
    targets: [...form.targets],
    selection: form.selection,
    force: form.force,
    ...(form.date ? { date: form.date } : {}),
    partition,
    params: { ...form.params },
  }));
}

/** `form` with `value` of `key` checked or not. */
export function togglePartition(form: LaunchForm, key: string, value: string, checked: boolean): LaunchForm {
  const current = form.partitions[key] ?? [];
  const next = checked ? (current.includes(value) ? current : [...current, value]) : current.filter((v) => v !== value);
  const partitions = { ...form.partitions, [key]: next };
  if (next.length === 0) delete partitions[key];
  return { ...form, partitions };
}

/** `form` with param `name` set: a value equal to the default is no change. */
export function setParam(form: LaunchForm, name: string, value: string, defaultValue: string | undefined): LaunchForm {
  const params = { ...form.params };
  if (value === defaultValue) delete params[name];
  else params[name] = value;
  return { ...form, params };
}
