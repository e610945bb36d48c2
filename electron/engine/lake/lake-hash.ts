/**
 * A pipeline's lake hash: the `<hash>` folder its datasets are published in
 * (`<root>/<name>/<range>/<dataset>/<hash>/<key>=<value>/…`, TDAG's
 * `DataLakeName/DateRange/Hash/…`). It names the pipeline's definition, never
 * one partition: every date and region one definition produces lands under
 * the same folder, so that folder is a whole hive-partitioned dataset
 * (TICKWORK_INPUT_<NAME>_ROOT). Pure.
 *
 * What it covers:
 * - the project's and the pipeline's names;
 * - the frozen TaskSpec as planned, before its templates are rendered
 *   (command, cwd, env, declared outputs, the datasets' formats and
 *   partition_by, and any field TaskSpec gains later, such as code digests:
 *   this is a deny list, not an allow list) minus what cannot change the data
 *   (how an attempt is retried, timed, pooled, prioritised, gated, alerted or
 *   kept awake) and what belongs to one run (passed-through values, outside
 *   upstream, the lake's location);
 * - the values of the params the spec's templates name: a sweep trial with
 *   other values gets its own folder, while a param the spec never names does
 *   not move it (an upstream the swept params do not reach keeps one folder,
 *   and its reuse, across every trial);
 * - the lake hashes of its depends_on: an edited upstream moves its
 *   downstream too.
 * What it leaves out: partition values and upstream data. Those are the cache
 * key's (specHash, recorded in each partition's manifest as `cacheKey`).
 */
import type { PipelineConfig, ProjectConfig } from '../../../shared/config-model.js';
import type { TaskLake, TaskSpec } from '../../../shared/run-model.js';
import { splitRef, templateRefs } from '../plan/templates.js';
import { sha256Hex } from '../util/sha256.js';

/** What a lake hash is computed from. */
export interface LakeHashInput {
  readonly project: string;
  readonly pipeline: string;
  /** The spec as planned, templates unrendered (its `lake.hash`, if any, is ignored). */
  readonly spec: TaskSpec;
  /** The run's params (only those the spec's templates name count). */
  readonly params: Readonly<Record<string, string>>;
  /** depends_on pipeline → its lake hash. */
  readonly upstream: Readonly<Record<string, string>>;
}

/** TaskSpec fields that are not part of a pipeline's definition (see the top of the file). */
const NOT_DEFINITION: ReadonlySet<string> = new Set([
  'retries',
  'retryDelayMs',
  'backoff',
  'maxRetryDelayMs',
  'jitter',
  'timeoutMs',
  'killGraceMs',
  'pool',
  'priority',
  'logMaxBytes',
  'onError',
  'waitFor',
  'alerts',
  'keepAwake',
  'envPassthrough',
  'passthrough',
  'externalUpstream',
  'lake',
]);

/** The 32-hex-character lake hash of one pipeline's definition. */
export function lakeHashOf(input: LakeHashInput): string {
  const definition = Object.fromEntries(Object.entries(input.spec).filter(([key]) => !NOT_DEFINITION.has(key)));
  const lake = input.spec.lake;
  const datasets = lake ? { outputs: lake.outputs, inputs: lake.inputs } : null;
  const upstream = Object.keys(input.upstream).sort().map((name) => [name, input.upstream[name]]);
  const params = namedParams(definition, input.params);
  return sha256Hex(JSON.stringify({ project: input.project, pipeline: input.pipeline, definition, datasets, params, upstream })).slice(0, 32);
}

/**
 * The lake hash of each pipeline of `project` by name, memoised: depends_on
 * is followed through the project whether or not the upstream is in the run
 * (a --no-upstream run publishes into the same folder as a full one).
 * `specOf` is the planner's spec of a pipeline before templates and the
 * trigger's passed-through values.
 */
export function lakeHasher(project: ProjectConfig, params: Readonly<Record<string, string>>, specOf: (pipeline: PipelineConfig) => TaskSpec): (name: string) => string {
  const known = new Map<string, string>();
  const hashOf = (name: string): string => {
    const done = known.get(name);
    if (done !== undefined) return done;
    const pipeline = project.pipelines.get(name)!;
    const upstream = Object.fromEntries(pipeline.dependsOn.map((up) => [up, hashOf(up)]));
    const hash = lakeHashOf({ project: project.name, pipeline: name, spec: specOf(pipeline), params, upstream });
    known.set(name, hash);
    return hash;
  };
  return hashOf;
}

/** `spec` with its lake's folder hash set (unchanged without a lake). */
export function withLakeHash<T extends { readonly lake?: TaskLake }>(spec: T, hash: string): T {
  return spec.lake ? { ...spec, lake: { ...spec.lake, hash } } : spec;
}

/** The params (sorted by name, with their values) that `{{ params.<key> }}` templates anywhere in `value` name. */
export function namedParams(value: unknown, params: Readonly<Record<string, string>>): Array<[string, string]> {
  const named = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const ref of templateRefs(v)) {
        const { root, key } = splitRef(ref);
        if (root === 'params' && key !== undefined && Object.hasOwn(params, key)) named.add(key);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...named].sort().map((key) => [key, params[key]!]);
}
