/**
 * A backfill request from the API, checked and planned: its fields (a
 * message naming the field when one is wrong), its dates read in the
 * project's zone, its partitions (backfill-partitions.ts) and what each
 * would do now (backfill.ts backfillStatus: already done, followed, or run).
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import type { BackfillPartitionState, BackfillPreview, BackfillStartRequest } from '../../../shared/backfill-model.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import { partitionKey } from '../store/run-store.js';
import { resolveDateFlag } from '../run/partition-flags.js';
import { resolveTargets } from '../plan/index.js';
import { backfillPartitions } from './backfill-partitions.js';
import { backfillStatus } from './backfill.js';

/** The most runs one backfill keeps going at once. */
export const MAX_BACKFILL_CONCURRENCY = 64;

/** How many partitions a preview names. */
const PREVIEW_FIRST = 10;

/** A partition of a planned backfill and what it starts as. */
export interface PlannedPartition {
  readonly partition: Partition;
  readonly key: string;
  /** pending (to run), already_done (a run succeeded), or running (an earlier backfill's unfinished run is followed). */
  readonly state: Extract<BackfillPartitionState, 'pending' | 'already_done' | 'running'>;
  readonly runId: number | null;
}

/** A checked request with its partitions. */
export interface PlannedBackfill {
  readonly target: string;
  readonly from: string;
  readonly to: string;
  readonly calendar: string | null;
  readonly fixed: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly concurrency: number;
  readonly newestFirst: boolean;
  readonly dates: number;
  readonly columns: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly partitions: readonly PlannedPartition[];
}

/** Plans `request` on `project` at `now`, or says what is wrong with it. */
export function planBackfill(db: Db, project: ProjectConfig, request: BackfillStartRequest, now: number): PlannedBackfill | string {
  const problem = fieldProblem(request);
  if (problem) return problem;
  const resolved = resolveTargets(project, [request.target]);
  if (!resolved.ok) return `target: ${resolved.message}`;
  const words = { project, targets: [request.target], now };
  const from = resolveDateFlag('from', request.from, words);
  if (!from.ok) return from.message;
  const to = resolveDateFlag('to', request.to, words);
  if (!to.ok) return to.message;
  if (from.date > to.date) return `from ${from.date} is after to ${to.date}`;
  const fixed = request.partition ?? {};
  const newestFirst = request.newestFirst === true;
  const range = backfillPartitions(project, {
    target: request.target,
    from: from.date,
    to: to.date,
    ...(request.calendar !== undefined ? { calendar: request.calendar } : {}),
    fixed,
    newestFirst,
    now,
  });
  if (typeof range === 'string') return range;
  const partitions = backfillStatus(db, project, request.target, range.partitions).map(({ partition, previous }): PlannedPartition => {
    const key = partitionKey(partition);
    if (previous?.state === 'succeeded') return { partition, key, state: 'already_done', runId: previous.id };
    if (previous && !isRunTerminal(previous.state)) return { partition, key, state: 'running', runId: previous.id };
    return { partition, key, state: 'pending', runId: null };
  });
  const columns = distinctColumns(range.partitions);
  return {
    target: request.target,
    from: range.from,
    to: range.to,
    calendar: range.calendar,
    fixed,
    params: request.params ?? {},
    concurrency: request.concurrency ?? 1,
    newestFirst,
    dates: columns.length === 0 ? 0 : range.partitions.length / columns.length,
    columns,
    partitions,
  };
}

/** What backfills.preview shows of a plan. */
export function previewOf(plan: PlannedBackfill): BackfillPreview {
  const count = (state: PlannedPartition['state']): number => plan.partitions.filter((p) => p.state === state).length;
  return {
    target: plan.target,
    from: plan.from,
    to: plan.to,
    calendar: plan.calendar,
    dates: plan.dates,
    columns: plan.columns,
    total: plan.partitions.length,
    toRun: count('pending'),
    alreadyDone: count('already_done'),
    inFlight: count('running'),
    first: plan.partitions.filter((p) => p.state === 'pending').slice(0, PREVIEW_FIRST).map((p) => p.key),
  };
}

/** The static-key combinations of the partitions, in order of first appearance. */
function distinctColumns(partitions: readonly Partition[]): Array<Readonly<Record<string, string>>> {
  const seen = new Map<string, Record<string, string>>();
  for (const { date: _date, ...keys } of partitions) {
    const key = JSON.stringify(keys);
    if (!seen.has(key)) seen.set(key, keys);
  }
  return [...seen.values()];
}

/** The first field of the request that has the wrong type or range, as a message naming it. */
function fieldProblem(request: BackfillStartRequest): string | null {
  const r = request as unknown as Record<string, unknown>;
  if (typeof r.target !== 'string' || r.target === '') return 'target is required (a pipeline or job)';
  for (const field of ['from', 'to'] as const) if (typeof r[field] !== 'string' || r[field] === '') return `${field} is required (YYYY-MM-DD, today, yesterday or last-trading-day)`;
  if (r.calendar !== undefined && typeof r.calendar !== 'string') return 'calendar must be a calendar name, or none for every calendar day';
  for (const field of ['partition', 'params'] as const) {
    const value = r[field];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      return `${field} must be an object of strings, e.g. {"region": "EU"}`;
    }
  }
  if (r.concurrency !== undefined && (typeof r.concurrency !== 'number' || !Number.isInteger(r.concurrency) || r.concurrency < 1 || r.concurrency > MAX_BACKFILL_CONCURRENCY)) {
    return `concurrency must be a whole number from 1 to ${MAX_BACKFILL_CONCURRENCY}`;
  }
  if (r.newestFirst !== undefined && typeof r.newestFirst !== 'boolean') return 'newestFirst must be true or false';
  return null;
}
