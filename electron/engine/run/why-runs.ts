/**
 * Why each task of a planned run runs or is reused, in words: the cache
 * decision (cache-decision.ts) explained against the latest earlier task run
 * of the same pipeline, project and partition. Reads the store, writes
 * nothing; `tickwork run --dry-run`, previews and createRun's `why` notes
 * use it.
 *
 * A task that runs gets every reason that applies, in this order:
 * - `forced` (--force);
 * - `not reused from run N: outputs missing: …` (an identical result's declared outputs are gone);
 * - `new: never ran for this partition` (no earlier task run), or what
 *   changed since it when the cache key differs: `code file steps/a.py
 *   changed` (added, removed), `param lookback 60 → 90`, `command changed`,
 *   `env changed`, `cwd changed`, `passed-through environment changed`,
 *   `upstream data re-ran: a` (an upstream runs here with another key),
 *   `upstream data changed: a` (reused, but not the result it used then),
 *   else `inputs changed since run N`;
 * - `<state> in run N` when the same inputs did not end satisfied there;
 * - `upstream data re-ran: a` when an upstream runs here with the same key
 *   (not said of a new task);
 * - `target: a run's targets always run` when nothing else applies.
 * A reason is notable when it says something changed or went wrong (not
 * "new", "target", or an upstream re-run with the same key): only notable
 * reasons are written to the run's journal, so a daily run of an unchanged
 * DAG adds no notes.
 */
import type { Db } from '../store/open-store.js';
import type { TaskRunRecord, TaskSpec } from '../../../shared/run-model.js';
import { isTaskSatisfied } from '../../../shared/state-machines.js';
import { isSecretName } from '../../../shared/secrets.js';
import { splitRef, templateRefs } from '../plan/templates.js';
import { partitionKey } from '../store/run-store.js';
import { previousTaskRun, specHashesOfRun, type PreviousTask } from '../store/previous-task.js';
import type { CacheDecision, PlanWithReuse } from './cache-decision.js';
import { outputsMissingMessage } from './declared-outputs.js';

/** One reason, and whether it is worth a journal note. */
export interface Reason {
  readonly text: string;
  readonly notable: boolean;
}

/** Why one task runs or is reused. */
export interface TaskWhy {
  readonly action: 'run' | 'reuse';
  readonly reasons: readonly Reason[];
  /** The earlier task run compared with (null: none). */
  readonly previousRunId: number | null;
}

/** `runs: forced; code file a.py changed` or `reused: same inputs as run 3`: the line shown beside a task. */
export function whyText(why: TaskWhy): string {
  return `${why.action === 'reuse' ? 'reused' : 'runs'}: ${why.reasons.map((r) => r.text).join('; ')}`;
}

/** pipeline → why, for every task of `plan` with its `decisions`; earlier task runs are those of runs before `beforeRunId`. */
export function whyTasksRun(db: Db, plan: PlanWithReuse, decisions: ReadonlyMap<string, CacheDecision>, beforeRunId = Number.MAX_SAFE_INTEGER): Map<string, TaskWhy> {
  const key = partitionKey(plan.run.partition);
  const hashes = new Map(plan.tasks.map((task) => [task.pipeline, task.specHash]));
  const runs = (name: string): boolean => decisions.get(name)?.kind !== 'reuse';
  const out = new Map<string, TaskWhy>();
  // The tasks of one earlier run are usually compared with the same run: read its hashes once.
  const runHashes = new Map<number, Map<string, string>>();
  const hashesOfRun = (runId: number): Map<string, string> => {
    let known = runHashes.get(runId);
    if (!known) runHashes.set(runId, (known = specHashesOfRun(db, runId)));
    return known;
  };
  for (const task of plan.tasks) {
    const decision = decisions.get(task.pipeline)!;
    if (decision.kind === 'reuse') {
      out.set(task.pipeline, { action: 'reuse', reasons: [{ text: decision.from.reason, notable: false }], previousRunId: decision.from.runId });
      continue;
    }
    const previous = previousTaskRun(db, { project: plan.run.project, partitionKey: key, pipeline: task.pipeline, beforeRunId });
    const reasons: Reason[] = [];
    if (plan.run.force) reasons.push({ text: 'forced', notable: true });
    if (decision.kind === 'outputs_missing') {
      reasons.push({ text: `not reused from run ${decision.previousRunId}: ${outputsMissingMessage(decision.missing)}`, notable: true });
    }
    const upstreamRan = task.upstream.filter(runs);
    let upstreamSaid = false;
    if (!previous) {
      reasons.push({ text: 'new: never ran for this partition', notable: false });
    } else if (previous.task.specHash !== task.specHash) {
      const upstreamThen = hashesOfRun(previous.task.runId);
      const changed = task.upstream.filter((up) => upstreamThen.has(up) && upstreamThen.get(up) !== hashes.get(up));
      const ranChanged = changed.filter(runs);
      const reusedChanged = changed.filter((up) => !runs(up));
      const own = ownChanges(previous, task.spec, plan.run.params);
      reasons.push(...own.map((text) => ({ text, notable: true })));
      if (ranChanged.length) reasons.push({ text: `upstream data re-ran: ${ranChanged.join(', ')}`, notable: true });
      if (reusedChanged.length) reasons.push({ text: `upstream data changed: ${reusedChanged.join(', ')}`, notable: true });
      upstreamSaid = ranChanged.length > 0;
      if (own.length === 0 && changed.length === 0) reasons.push({ text: `inputs changed since run ${previous.task.runId}`, notable: true });
    } else if (!isTaskSatisfied(previous.task.state)) {
      reasons.push({ text: `${previous.task.state} in run ${previous.task.runId}`, notable: true });
    }
    if (previous && upstreamRan.length && !upstreamSaid) reasons.push({ text: `upstream data re-ran: ${upstreamRan.join(', ')}`, notable: false });
    if (reasons.length === 0) reasons.push({ text: task.isTarget ? "target: a run's targets always run" : 'no identical success to reuse', notable: false });
    out.set(task.pipeline, { action: 'run', reasons, previousRunId: previous?.task.runId ?? null });
  }
  return out;
}

/** What differs in the task's own inputs between `previous` and `spec` run with `params`. */
function ownChanges(previous: PreviousTask, spec: TaskSpec, params: Readonly<Record<string, string>>): string[] {
  const then: TaskRunRecord['spec'] = previous.task.spec;
  // A spec stored by another version (or a hand-seeded row) may lack what this one records: compare nothing, say inputs changed.
  if (typeof then?.command?.kind !== 'string' || typeof then.env !== 'object' || then.env === null) return [];
  const changes = codeChanges(then.codeFiles ?? {}, spec.codeFiles ?? {});
  const names = new Set([...paramsNamedBy(then), ...paramsNamedBy(spec)]);
  for (const name of names) {
    const before = previous.params[name];
    const now = params[name];
    if (before === now) continue;
    changes.push(isSecretName(name) ? `param ${name} changed` : `param ${name} ${before ?? '(unset)'} → ${now ?? '(unset)'}`);
  }
  if (JSON.stringify(then.command) !== JSON.stringify(spec.command)) changes.push('command changed');
  if (JSON.stringify(then.env) !== JSON.stringify(spec.env)) changes.push('env changed');
  if (then.cwd !== spec.cwd) changes.push('cwd changed');
  if (then.passthrough?.digest !== spec.passthrough?.digest) changes.push('passed-through environment changed');
  return changes;
}

/** The most files named one by one; the rest are counted. */
const FILES_NAMED = 3;

/** `code file a.py changed`, `… added`, `… removed`, at most FILES_NAMED of them, then `and N more code files`. */
function codeChanges(then: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): string[] {
  const lines: string[] = [];
  const paths = [...new Set([...Object.keys(then), ...Object.keys(now)])].sort();
  for (const file of paths) {
    if (then[file] === now[file]) continue;
    lines.push(`code file ${file} ${then[file] === undefined ? 'added' : now[file] === undefined ? 'removed' : 'changed'}`);
  }
  if (lines.length <= FILES_NAMED + 1) return lines;
  return [...lines.slice(0, FILES_NAMED), `and ${lines.length - FILES_NAMED} more code files changed`];
}

/** The params a task's command, env and cwd templates name (`{{ params.<key> }}`): those in its cache key. */
export function paramsNamedBy(spec: Pick<TaskSpec, 'command' | 'env' | 'cwd'>): string[] {
  const keys = new Set<string>();
  const texts = [...(spec.command.kind === 'argv' ? spec.command.argv : [spec.command.script]), ...Object.values(spec.env), spec.cwd];
  for (const text of texts) {
    for (const ref of templateRefs(text)) {
      const { root, key } = splitRef(ref);
      if (root === 'params' && key !== undefined) keys.add(key);
    }
  }
  return [...keys];
}
