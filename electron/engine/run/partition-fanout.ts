/**
 * Partition fan-out: the static partitions a request covers. A run is for
 * one date and one value of each static key its pipelines use; a request
 * that does not fix a used key (`--partition k=v`) becomes one run per
 * combination of its values.
 *
 * A key is *used* by a run when a template of one of its pipelines mentions
 * `partition.<key>`, or when the target (pipeline or job) or the schedule
 * names it in `partitions:`. The values come from the project's
 * `partitions:`, narrowed by the target's and the schedule's `partitions:`;
 * a pipeline further upstream does not narrow a run it did not start.
 */
import type { PartitionNarrowing, ProjectConfig } from '../../../shared/config-model.js';
import type { Selection } from '../../../shared/run-model.js';
import { splitRef, templateRefs } from '../plan/templates.js';
import { resolveTargets } from '../plan/index.js';
import { selectPipelines } from './plan-run.js';

/** What a fan-out starts from. */
export interface FanOutRequest {
  readonly targets: readonly string[];
  readonly selection: Selection;
  /** Keys fixed by `--partition` (a fixed key still has to be allowed by the narrowing). */
  readonly fixed?: Readonly<Record<string, string>>;
  /** The schedule's own `partitions:`, when a schedule fires the run. */
  readonly schedule?: PartitionNarrowing;
}

/** One static-key combination per run, in declaration order of keys and values; or a usage message. */
export function fanOutPartitions(project: ProjectConfig, request: FanOutRequest): Array<Record<string, string>> | string {
  const resolved = resolveTargets(project, request.targets);
  if (!resolved.ok) return resolved.message;
  const narrowings = targetNarrowings(project, request);
  const used = usedKeys(project, selectPipelines(project, new Set(resolved.pipelines), request.selection), narrowings);
  const fixed = request.fixed ?? {};
  let combos: Array<Record<string, string>> = [{}];
  for (const key of Object.keys(project.partitions)) {
    const allowed = allowedValues(project, key, narrowings);
    const value = fixed[key];
    if (value !== undefined) {
      const declared = project.partitions[key] ?? [];
      if (!declared.includes(value)) return `--partition ${key}=${value}: expected one of ${declared.join(', ')}`;
      if (!allowed.values.includes(value)) return `--partition ${key}=${value}: ${allowed.why} runs only for ${key} ${allowed.values.join(', ') || '(no value)'}`;
      combos = combos.map((combo) => ({ ...combo, [key]: value }));
    } else if (used.has(key)) {
      if (allowed.values.length === 0) return `${allowed.why} leave no value of partition key "${key}" to run for`;
      combos = combos.flatMap((combo) => allowed.values.map((v) => ({ ...combo, [key]: v })));
    }
  }
  return combos;
}

/** A narrowing with where it comes from, for messages. */
interface Narrowing {
  readonly source: string;
  readonly values: PartitionNarrowing;
}

function targetNarrowings(project: ProjectConfig, request: FanOutRequest): Narrowing[] {
  const out: Narrowing[] = [];
  for (const target of request.targets) {
    const pipeline = project.pipelines.get(target);
    const own = pipeline ? pipeline.partitions : project.jobs.get(target)?.partitions;
    if (own) out.push({ source: `${pipeline ? 'pipelines' : 'jobs'}.${target}.partitions`, values: own });
  }
  if (request.schedule) out.push({ source: `the schedule's partitions`, values: request.schedule });
  return out;
}

function allowedValues(project: ProjectConfig, key: string, narrowings: readonly Narrowing[]): { values: readonly string[]; why: string } {
  let values = project.partitions[key] ?? [];
  const sources: string[] = [];
  for (const n of narrowings) {
    const only = n.values[key];
    if (!only) continue;
    values = values.filter((v) => only.includes(v));
    sources.push(n.source);
  }
  return { values, why: sources.length ? sources.join(' and ') : `tickwork.yaml's partitions.${key}` };
}

/** Static keys that the pipelines' templates mention or a narrowing names. */
function usedKeys(project: ProjectConfig, pipelines: ReadonlySet<string>, narrowings: readonly Narrowing[]): Set<string> {
  const used = new Set<string>();
  for (const n of narrowings) for (const key of Object.keys(n.values)) used.add(key);
  for (const name of pipelines) {
    const pipeline = project.pipelines.get(name);
    if (!pipeline) continue;
    for (const key of partitionKeysMentioned(pipeline)) used.add(key);
  }
  for (const key of used) if (!Object.hasOwn(project.partitions, key)) used.delete(key);
  return used;
}

/** Memo: a config object is immutable, so its template keys never change. */
const mentioned = new WeakMap<object, readonly string[]>();

/** The `partition.<key>` names in any template of `pipeline` (command, env, cwd, gate, outputs…). */
export function partitionKeysMentioned(pipeline: object): readonly string[] {
  let keys = mentioned.get(pipeline);
  if (keys) return keys;
  const found = new Set<string>();
  collectStrings(pipeline, (text) => {
    if (!text.includes('{{')) return;
    for (const ref of templateRefs(text)) {
      const { root, key } = splitRef(ref);
      if (root === 'partition' && key && key !== 'date') found.add(key);
    }
  });
  keys = [...found];
  mentioned.set(pipeline, keys);
  return keys;
}

/** Calls `visit` with every string inside `value`, walking iteratively (configs may nest deeply). */
function collectStrings(value: unknown, visit: (text: string) => void): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') visit(item);
    else if (Array.isArray(item)) stack.push(...item);
    else if (item && typeof item === 'object') stack.push(...Object.values(item));
  }
}
