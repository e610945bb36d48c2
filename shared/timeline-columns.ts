/**
 * The wire shape of timeline.runs: the runs of a window as columns, not one
 * object per run. 10,000 runs as objects were 2.5 MB of JSON (and 10,000
 * objects to parse and compare); as columns of small numbers they are ~10×
 * smaller. Repeated strings (project files, target lists, states, triggers,
 * partition keys) are tables the columns index into; ids and times are
 * deltas, so most are a few digits:
 *
 *   id[i]         = id[i-1] + idStep[i]                (id[-1] = 0)
 *   createdAt[i]  = createdAt[i-1] + createdStep[i]    (createdAt[-1] = `from`)
 *   startedAt[i]  = createdAt[i] + startedAfter[i]     (null stays null)
 *   finishedAt[i] = (startedAt[i] ?? createdAt[i]) + ranFor[i]   (null stays null)
 *
 * `encodeTimelineRuns` (the engine) and `decodeTimelineRuns` (the dashboard)
 * are each other's inverse.
 */
import type { TimelineRun, TimelineRuns } from './overview-model.js';
import type { RunState } from './state-machines.js';
import type { RunTrigger } from './run-model.js';

/** The answer to timeline.runs: see the file comment. Every column has one entry per run, oldest first. */
export interface TimelineRunColumns {
  readonly from: number;
  readonly to: number;
  /** True when more runs fell in the window than the limit (the oldest were left out). */
  readonly truncated: boolean;
  readonly projectFiles: readonly string[];
  /** Distinct target lists (each a run's `targets`). */
  readonly targetLists: ReadonlyArray<readonly string[]>;
  readonly states: readonly RunState[];
  readonly triggers: readonly RunTrigger[];
  readonly partitionKeys: readonly string[];
  readonly idStep: readonly number[];
  /** Index into projectFiles. */
  readonly project: readonly number[];
  /** Index into targetLists. */
  readonly targets: readonly number[];
  /** Index into states. */
  readonly state: readonly number[];
  /** Index into triggers. */
  readonly trigger: readonly number[];
  /** Index into partitionKeys. */
  readonly partition: readonly number[];
  readonly createdStep: readonly number[];
  readonly startedAfter: ReadonlyArray<number | null>;
  readonly ranFor: ReadonlyArray<number | null>;
}

/** One run as the encoder takes it; `targets` is its list in any form whose equality is string equality (the store's JSON text). */
export interface TimelineRunRow<T> {
  readonly id: number;
  readonly projectFile: string;
  readonly targets: T;
  readonly state: RunState;
  readonly trigger: RunTrigger;
  readonly partitionKey: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** Interns values into a table, answering each one's index. */
function interner<K, V>(table: V[], toValue: (key: K) => V): (key: K) => number {
  const index = new Map<K, number>();
  return (key) => {
    let i = index.get(key);
    if (i === undefined) {
      i = table.push(toValue(key)) - 1;
      index.set(key, i);
    }
    return i;
  };
}

/**
 * `rows` (oldest first) as columns. `parseTargets` turns a row's `targets`
 * into the list; it is called once per distinct value.
 */
export function encodeTimelineRuns<T>(window: { from: number; to: number; truncated: boolean }, rows: readonly TimelineRunRow<T>[], parseTargets: (targets: T) => readonly string[]): TimelineRunColumns {
  const projectFiles: string[] = [];
  const targetLists: Array<readonly string[]> = [];
  const states: RunState[] = [];
  const triggers: RunTrigger[] = [];
  const partitionKeys: string[] = [];
  const projectOf = interner<string, string>(projectFiles, (s) => s);
  const targetsOf = interner<T, readonly string[]>(targetLists, parseTargets);
  const stateOf = interner<RunState, RunState>(states, (s) => s);
  const triggerOf = interner<RunTrigger, RunTrigger>(triggers, (s) => s);
  const partitionOf = interner<string, string>(partitionKeys, (s) => s);
  const n = rows.length;
  const idStep = new Array<number>(n);
  const project = new Array<number>(n);
  const targets = new Array<number>(n);
  const state = new Array<number>(n);
  const trigger = new Array<number>(n);
  const partition = new Array<number>(n);
  const createdStep = new Array<number>(n);
  const startedAfter = new Array<number | null>(n);
  const ranFor = new Array<number | null>(n);
  let lastId = 0;
  let lastCreated = window.from;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    idStep[i] = row.id - lastId;
    lastId = row.id;
    project[i] = projectOf(row.projectFile);
    targets[i] = targetsOf(row.targets);
    state[i] = stateOf(row.state);
    trigger[i] = triggerOf(row.trigger);
    partition[i] = partitionOf(row.partitionKey);
    createdStep[i] = row.createdAt - lastCreated;
    lastCreated = row.createdAt;
    startedAfter[i] = row.startedAt === null ? null : row.startedAt - row.createdAt;
    ranFor[i] = row.finishedAt === null ? null : row.finishedAt - (row.startedAt ?? row.createdAt);
  }
  return { from: window.from, to: window.to, truncated: window.truncated, projectFiles, targetLists, states, triggers, partitionKeys, idStep, project, targets, state, trigger, partition, createdStep, startedAfter, ranFor };
}

/** The runs of an answer as objects, oldest first; runs with the same targets share one `targets` array. */
export function decodeTimelineRuns(columns: TimelineRunColumns): TimelineRuns {
  const n = columns.idStep.length;
  const runs = new Array<TimelineRun>(n);
  let id = 0;
  let createdAt = columns.from;
  for (let i = 0; i < n; i++) {
    id += columns.idStep[i]!;
    createdAt += columns.createdStep[i]!;
    const after = columns.startedAfter[i] ?? null;
    const ran = columns.ranFor[i] ?? null;
    const startedAt = after === null ? null : createdAt + after;
    runs[i] = {
      id,
      projectFile: columns.projectFiles[columns.project[i]!]!,
      targets: columns.targetLists[columns.targets[i]!]!,
      state: columns.states[columns.state[i]!]!,
      trigger: columns.triggers[columns.trigger[i]!]!,
      partitionKey: columns.partitionKeys[columns.partition[i]!]!,
      createdAt,
      startedAt,
      finishedAt: ran === null ? null : (startedAt ?? createdAt) + ran,
    };
  }
  return { from: columns.from, to: columns.to, runs, truncated: columns.truncated };
}
