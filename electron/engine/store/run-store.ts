/**
 * Owns `runs.state` and run ownership. Every state change is a compare-and-set
 * on the current state inside a transaction that appends its event, so two
 * processes can never both move the same run.
 */
import type { Db } from './open-store.js';
import type { Partition, RunRecord, RunTrigger, Selection } from '../../../shared/run-model.js';
import { assertRunTransition, isRunTerminal, type RunState } from '../../../shared/state-machines.js';
import { appendEvent } from './event-journal.js';
import { inTransaction, stmt } from './statements.js';

/** Fields of a new run. */
export type NewRun = Pick<RunRecord, 'project' | 'projectFile' | 'targets' | 'selection' | 'force' | 'partition' | 'params' | 'pools' | 'trigger'> & {
  readonly idempotencyKey?: string | null;
  readonly maxActive?: number | null;
  /** What the run re-runs (runs.rerun), recorded in its `queued` event. */
  readonly origin?: { readonly rerunOf: number; readonly reason: string };
};

/** The engine instance that drives a run. */
export interface RunOwner {
  readonly token: string;
  readonly pid: number;
  readonly start: string;
}

/** Canonical text of a partition: `date=…` first, other keys sorted. */
export function partitionKey(partition: Partition): string {
  const keys = Object.keys(partition).filter((k) => k !== 'date').sort();
  return ['date', ...keys].map((k) => `${k}=${partition[k]}`).join(',');
}

/** Inserts a queued run and its `created` event, owned by `owner` when given (else any engine may adopt it); returns the new id. */
export function insertRun(db: Db, run: NewRun, now: number, owner?: RunOwner): number {
  return inTransaction(db, () => {
    const result = stmt(
      db,
      `INSERT INTO runs (project, project_file, targets, selection, force, partition, partition_key, params, pools,
                         trigger, idempotency_key, max_active, state, created_at, owner_token, owner_pid, owner_start)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
    ).run(
      run.project,
      run.projectFile,
      JSON.stringify(run.targets),
      run.selection,
      run.force ? 1 : 0,
      JSON.stringify(run.partition),
      partitionKey(run.partition),
      JSON.stringify(run.params),
      JSON.stringify(run.pools),
      run.trigger,
      run.idempotencyKey ?? null,
      run.maxActive ?? null,
      now,
      owner?.token ?? null,
      owner?.pid ?? null,
      owner?.start ?? null,
    );
    const id = Number(result.lastInsertRowid);
    appendEvent(db, { at: now, kind: 'run', runId: id, to: 'queued', data: { targets: run.targets, trigger: run.trigger, ...(run.origin && { rerunOf: run.origin.rerunOf, reason: run.origin.reason }) } });
    return id;
  });
}

/**
 * Moves a run from `from` to `to` if it is still in `from`. Returns false when
 * another process changed it first. Illegal transitions throw.
 */
export function setRunState(db: Db, id: number, from: RunState, to: RunState, now: number, reason?: string | null): boolean {
  assertRunTransition(from, to);
  return inTransaction(db, () => {
    const result = stmt(
      db,
      `UPDATE runs SET state = ?, reason = coalesce(?, reason),
         started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,
         finished_at = CASE WHEN ? THEN ? ELSE finished_at END
       WHERE id = ? AND state = ?`,
    ).run(to, reason ?? null, to, now, isRunTerminal(to) ? 1 : 0, now, id, from);
    if (result.changes !== 1) return false;
    appendEvent(db, { at: now, kind: 'run', runId: id, from, to, data: reason ? { reason } : null });
    return true;
  });
}

/**
 * Takes ownership of a run if its recorded owner token is still `expected`
 * (compare-and-set), so only one engine drives a run at a time.
 */
export function claimRun(db: Db, id: number, owner: RunOwner, expected: string | null): boolean {
  const result = stmt(
    db,
    `UPDATE runs SET owner_token = ?, owner_pid = ?, owner_start = ?
     WHERE id = ? AND owner_token IS ? AND state IN ('queued', 'running')`,
  ).run(owner.token, owner.pid, owner.start, id, expected);
  return result.changes === 1;
}

/** Marks a run's data ready (idempotent: the first mark stays), with its event. */
export function markDataReady(db: Db, id: number, now: number): void {
  inTransaction(db, () => {
    const result = stmt(db, 'UPDATE runs SET data_ready_at = ? WHERE id = ? AND data_ready_at IS NULL').run(now, id);
    if (result.changes === 1) appendEvent(db, { at: now, kind: 'run', runId: id, data: { dataReady: true } });
  });
}

/** Drops ownership so another engine may adopt the run at once. */
export function releaseRun(db: Db, id: number, token: string): void {
  stmt(db, 'UPDATE runs SET owner_token = NULL, owner_pid = NULL, owner_start = NULL WHERE id = ? AND owner_token = ?').run(id, token);
}

/** One run by id, or undefined. */
export function getRun(db: Db, id: number): RunRecord | undefined {
  const row = stmt(db, 'SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? toRun(row) : undefined;
}

/**
 * Unfinished runs with the same project, targets and static partition keys as
 * `run` (itself excluded), oldest first: what `max_active_runs` counts. The
 * US and EU runs of one fan-out are not each other's overlap; yesterday's US
 * run still going is today's US run's.
 */
export function activeRunsLike(db: Db, run: Pick<RunRecord, 'projectFile' | 'targets' | 'partition'>, exceptId = 0): RunRecord[] {
  const rows = stmt(
    db,
    "SELECT * FROM runs WHERE project_file = ? AND targets = ? AND state IN ('queued', 'running') AND id != ? ORDER BY id",
  ).all(run.projectFile, JSON.stringify(run.targets), exceptId) as Record<string, unknown>[];
  const keys = staticPartitionKey(run.partition);
  return rows.map(toRun).filter((other) => staticPartitionKey(other.partition) === keys);
}

/** `region=US` of `date=…,region=US`: the partition key without its date. */
function staticPartitionKey(partition: Partition): string {
  return partitionKey(partition).replace(/^date=[^,]*,?/, '');
}

/** Runs that are not finished, oldest first. */
export function activeRuns(db: Db): RunRecord[] {
  const rows = stmt(db, "SELECT * FROM runs WHERE state IN ('queued', 'running') ORDER BY id").all() as Record<string, unknown>[];
  return rows.map(toRun);
}

/** Filters for listRuns. */
export interface RunFilter {
  readonly pipeline?: string;
  readonly state?: RunState;
  readonly project?: string;
  /** Only runs of this tickwork.yaml (any of these spellings of its path). */
  readonly projectFiles?: readonly string[];
  readonly trigger?: RunTrigger;
  /** Partition dates from/to, YYYY-MM-DD inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Partition values that must all match (keys: letters, digits, _ and -). */
  readonly partition?: Readonly<Record<string, string>>;
  /** Case-insensitive text in targets, partition, params or reason; a number (or #number) also matches that run's id. */
  readonly text?: string;
  /** Only runs with a smaller id (the cursor of the next page). */
  readonly before?: number;
  /** Only these runs. */
  readonly ids?: readonly number[];
  readonly limit?: number;
}

/** Newest runs first, optionally only those containing a pipeline, in a state or of a project. */
export function listRuns(db: Db, filter: RunFilter = {}): RunRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.state) {
    where.push('r.state = ?');
    args.push(filter.state);
  }
  if (filter.project) {
    where.push('r.project = ?');
    args.push(filter.project);
  }
  if (filter.projectFiles?.length) {
    where.push(`r.project_file IN (${filter.projectFiles.map(() => '?').join(', ')})`);
    args.push(...filter.projectFiles);
  }
  if (filter.pipeline) {
    where.push('EXISTS (SELECT 1 FROM task_runs t WHERE t.run_id = r.id AND t.pipeline = ?)');
    args.push(filter.pipeline);
  }
  addListFilters(filter, where, args);
  const sql = `SELECT r.* FROM runs r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.id DESC LIMIT ?`;
  const rows = stmt(db, sql).all(...args, filter.limit ?? 20) as Record<string, unknown>[]; // a few dozen shapes of SQL at most: cached
  return rows.map(toRun);
}

/** The dashboard's filters of listRuns: trigger, partition dates and values, text, cursor and ids. */
function addListFilters(filter: RunFilter, where: string[], args: unknown[]): void {
  if (filter.trigger) {
    where.push('r.trigger = ?');
    args.push(filter.trigger);
  }
  // partition_key always starts with date=YYYY-MM-DD (partitionKey above).
  if (filter.from) {
    where.push('substr(r.partition_key, 6, 10) >= ?');
    args.push(filter.from);
  }
  if (filter.to) {
    where.push('substr(r.partition_key, 6, 10) <= ?');
    args.push(filter.to);
  }
  for (const [key, value] of Object.entries(filter.partition ?? {})) {
    where.push('json_extract(r.partition, ?) = ?');
    args.push(`$."${key}"`, value);
  }
  if (filter.text) {
    const id = /^#?(\d+)$/.exec(filter.text.trim());
    where.push(`(instr(lower(r.targets || ' ' || r.partition_key || ' ' || r.params || ' ' || coalesce(r.reason, '')), lower(?)) > 0${id ? ' OR r.id = ?' : ''})`);
    args.push(filter.text.trim(), ...(id ? [Number(id[1])] : []));
  }
  if (filter.before !== undefined) {
    where.push('r.id < ?');
    args.push(filter.before);
  }
  if (filter.ids) {
    where.push(`r.id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(filter.ids));
  }
}

function toRun(row: Record<string, unknown>): RunRecord {
  return {
    id: row.id as number,
    project: row.project as string,
    projectFile: row.project_file as string,
    targets: JSON.parse(row.targets as string) as string[],
    selection: row.selection as Selection,
    force: row.force === 1,
    partition: JSON.parse(row.partition as string) as Partition,
    partitionKey: row.partition_key as string,
    params: JSON.parse(row.params as string) as Record<string, string>,
    pools: JSON.parse(row.pools as string) as Record<string, number>,
    trigger: row.trigger as RunTrigger,
    idempotencyKey: row.idempotency_key as string | null,
    maxActive: row.max_active as number | null,
    dataReadyAt: row.data_ready_at as number | null,
    state: row.state as RunState,
    reason: row.reason as string | null,
    ownerToken: row.owner_token as string | null,
    ownerPid: row.owner_pid as number | null,
    ownerStart: row.owner_start as string | null,
    createdAt: row.created_at as number,
    startedAt: row.started_at as number | null,
    finishedAt: row.finished_at as number | null,
  };
}
