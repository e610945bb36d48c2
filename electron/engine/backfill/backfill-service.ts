/**
 * The backfills a daemon drives (`backfills.*`): each is planned
 * (backfill-plan.ts), persisted with its partitions (store/backfill-store.ts)
 * and driven by runBackfill (backfill.ts) over the daemon's own engine
 * (in-daemon-driver.ts). The store is the truth: a partition's state moves
 * in the transaction that creates its run or records its end, so a page
 * reload reads the progress, and a daemon start resumes every backfill still
 * running — finished runs are counted, unfinished ones followed, the rest
 * started.
 *
 * Transitions (shared/backfill-model.ts): start → running; every partition
 * ended → succeeded, or failed when one failed or was cancelled; a
 * partition the project can no longer plan → failed (with the error);
 * cancel: running → cancelled (runs in flight are cancelled, pending
 * partitions stay pending); retryFailed: failed | cancelled → running with
 * its failed, cancelled and pending partitions to run again.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import type { BackfillPartitionRecord, BackfillPartitionState, BackfillPreview, BackfillRecord, BackfillStartRequest } from '../../../shared/backfill-model.js';
import { isRunTerminal, type RunState } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import type { Engine, EngineEvent } from '../run/engine.js';
import { getRun } from '../store/run-store.js';
import {
  backfillCounts,
  backfillPartitions,
  backfillTimings,
  getBackfillRow,
  insertBackfill,
  listBackfillRows,
  runningBackfillIds,
  setBackfillState,
  setPartitionState,
  type BackfillRow,
} from '../store/backfill-store.js';
import { backfillStatus, runBackfill, type Backfill } from './backfill.js';
import { planBackfill, previewOf } from './backfill-plan.js';
import { backfillEta } from './backfill-eta.js';
import { inDaemonDriver, type InDaemonDriver } from './in-daemon-driver.js';

/** How often the runs of active backfills are looked up in the store (for ends the engine did not report). */
const SWEEP_MS = 2_000;

/** Construction options. */
export interface BackfillServiceOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly engine: Engine;
  /** The served projects (their last good config). */
  readonly projects: () => readonly ProjectConfig[];
  readonly log: (line: string) => void;
  /** A write of this service appended to the events journal. */
  readonly onJournal?: () => void;
  readonly now?: () => number;
}

/** The outcome of cancel and retryFailed. */
export type BackfillActionResult =
  | { readonly ok: true; readonly backfill: BackfillRecord }
  | { readonly ok: false; readonly kind: 'not_found' | 'conflict'; readonly message: string };

interface Active {
  readonly backfill: Backfill;
  readonly driver: InDaemonDriver;
}

/** See the file comment. */
export class BackfillService {
  private readonly active = new Map<number, Active>();
  private sweep: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: BackfillServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** What starting `request` on `project` would do now, or a usage message. */
  preview(project: ProjectConfig, request: BackfillStartRequest): BackfillPreview | string {
    const plan = planBackfill(this.options.db, project, request, this.now());
    return typeof plan === 'string' ? plan : previewOf(plan);
  }

  /** Persists and starts a backfill; its id, or a usage message. */
  start(project: ProjectConfig, request: BackfillStartRequest): number | string {
    const plan = planBackfill(this.options.db, project, request, this.now());
    if (typeof plan === 'string') return plan;
    const id = insertBackfill(
      this.options.db,
      {
        project: project.name,
        projectFile: project.file,
        target: plan.target,
        from: plan.from,
        to: plan.to,
        calendar: plan.calendar,
        partition: plan.fixed,
        params: plan.params,
        concurrency: plan.concurrency,
        newestFirst: plan.newestFirst,
        partitions: plan.partitions,
      },
      this.now(),
    );
    this.changed();
    this.drive(id);
    return id;
  }

  /** One backfill with its progress, or undefined. */
  get(id: number): BackfillRecord | undefined {
    const row = getBackfillRow(this.options.db, id);
    return row ? this.record(row) : undefined;
  }

  /** The newest `limit` backfills with their progress. */
  list(limit: number): BackfillRecord[] {
    return listBackfillRows(this.options.db, limit).map((row) => this.record(row));
  }

  /** A backfill's partitions in running order (undefined: no such backfill). */
  partitions(id: number): BackfillPartitionRecord[] | undefined {
    return getBackfillRow(this.options.db, id) ? backfillPartitions(this.options.db, id) : undefined;
  }

  /** Cancels a running backfill: its runs in flight are cancelled, nothing new starts. */
  async cancel(id: number): Promise<BackfillActionResult> {
    const row = getBackfillRow(this.options.db, id);
    if (!row) return { ok: false, kind: 'not_found', message: `no backfill ${id}` };
    if (!setBackfillState(this.options.db, { id, from: ['running'], to: 'cancelled' }, this.now())) {
      return { ok: false, kind: 'conflict', message: `backfill ${id} is ${row.state}, not running: nothing to cancel` };
    }
    this.changed();
    await this.active.get(id)?.backfill.cancel();
    return { ok: true, backfill: this.get(id)! };
  }

  /** Runs a finished backfill's failed, cancelled and never-started partitions again. */
  retryFailed(id: number): BackfillActionResult {
    const row = getBackfillRow(this.options.db, id);
    if (!row) return { ok: false, kind: 'not_found', message: `no backfill ${id}` };
    if (row.state === 'running') return { ok: false, kind: 'conflict', message: `backfill ${id} is still running; retry its failed partitions once it has finished` };
    const counts = backfillCounts(this.options.db, id);
    if (counts.failed + counts.cancelled + counts.pending === 0) return { ok: false, kind: 'conflict', message: `backfill ${id} has no failed or cancelled partition to retry` };
    if (!this.projectOf(row)) return { ok: false, kind: 'conflict', message: `backfill ${id} belongs to ${row.projectFile}, which is not served here` };
    setBackfillState(this.options.db, { id, from: ['failed', 'cancelled', 'succeeded'], to: 'running', reopen: ['failed', 'cancelled'] }, this.now());
    this.changed();
    this.drive(id);
    return { ok: true, backfill: this.get(id)! };
  }

  /** At the daemon's start: drives every backfill still running (after the engine adopted the orphaned runs). */
  resume(): number[] {
    const ids = runningBackfillIds(this.options.db);
    for (const id of ids) this.drive(id);
    return ids;
  }

  /** The daemon's engine made a transition: a run's end is news for the backfill following it. */
  engineEvent(event: EngineEvent): void {
    if (event.type !== 'run' || !isRunTerminal(event.to)) return;
    for (const { driver } of this.active.values()) driver.runEnded(event.runId, event.to);
  }

  /** Stops driving (runs carry on; the next start resumes the backfills). */
  stop(): void {
    this.stopped = true;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    for (const { driver } of this.active.values()) driver.detach();
    this.active.clear();
  }

  /** Brings the backfill's partition rows up to date with the store's runs, then drives what is left. */
  private drive(id: number): void {
    if (this.stopped || this.active.has(id)) return;
    const { db } = this.options;
    const row = getBackfillRow(db, id)!;
    const project = this.projectOf(row);
    if (!project) {
      this.fail(id, `project ${row.projectFile} is not served by this daemon`);
      return;
    }
    const todo = this.reconcile(id, project, row.target);
    if (todo.length === 0) {
      this.finish(id);
      return;
    }
    const driver = inDaemonDriver({
      db,
      home: this.options.home,
      engine: this.options.engine,
      project,
      backfillId: id,
      target: row.target,
      params: row.params,
      now: this.now,
      changed: () => this.changed(),
      log: this.options.log,
    });
    const backfill = runBackfill({
      db,
      project,
      target: row.target,
      partitions: todo,
      concurrency: row.concurrency,
      driver: driver.factory,
      onProgress: (progress) => {
        if (this.stopped || !progress.finished) return;
        const { partition, runId, state } = progress.finished;
        setPartitionState(db, { backfillId: id, key: partition, from: ['pending', 'running'], to: partitionOutcome(state), runId }, this.now());
        this.changed();
      },
    });
    this.active.set(id, { backfill, driver });
    this.sweep ??= setInterval(() => this.sweepRuns(), SWEEP_MS);
    this.sweep.unref();
    backfill.done.then(
      () => this.ended(id, null),
      (error: Error) => this.ended(id, error.message),
    );
  }

  /**
   * Settles rows whose run ended while nobody watched, marks partitions a run
   * succeeded for meanwhile as already done, and returns the partitions
   * still to drive (pending, or running: followed).
   */
  private reconcile(id: number, project: ProjectConfig, target: string): Partition[] {
    const { db } = this.options;
    const now = this.now();
    const open = backfillPartitions(db, id, ['pending', 'running']);
    const status = backfillStatus(db, project, target, open.map((p) => p.partition));
    const todo: Partition[] = [];
    open.forEach((row, index) => {
      const own = row.runId !== null && row.state === 'running' ? getRun(db, row.runId) : undefined;
      const previous = status[index]!.previous;
      let to: BackfillPartitionState | null = null;
      let runId = row.runId;
      if (row.state === 'running' && (!own || isRunTerminal(own.state))) to = own ? partitionOutcome(own.state) : 'failed';
      else if (previous?.state === 'succeeded') [to, runId] = ['already_done', previous.id];
      else if (row.state === 'pending' && previous && !isRunTerminal(previous.state)) [to, runId] = ['running', previous.id];
      if (to !== null) setPartitionState(db, { backfillId: id, key: row.key, from: [row.state], to, runId }, now);
      if (to === null || to === 'running') todo.push(row.partition);
    });
    this.changed();
    return todo;
  }

  private ended(id: number, error: string | null): void {
    const active = this.active.get(id);
    if (this.stopped || !active) return;
    this.active.delete(id);
    if (this.active.size === 0 && this.sweep) {
      clearInterval(this.sweep);
      this.sweep = null;
    }
    if (error) this.fail(id, error);
    else this.finish(id);
  }

  /** Every partition ended: succeeded, or failed when one did not succeed (a cancelled backfill stays cancelled). */
  private finish(id: number): void {
    const counts = backfillCounts(this.options.db, id);
    const to = counts.failed + counts.cancelled + counts.pending > 0 ? 'failed' : 'succeeded';
    if (setBackfillState(this.options.db, { id, from: ['running'], to }, this.now())) this.changed();
  }

  private fail(id: number, error: string): void {
    this.options.log(`backfill ${id} failed: ${error}`);
    if (setBackfillState(this.options.db, { id, from: ['running'], to: 'failed', error }, this.now())) this.changed();
  }

  private sweepRuns(): void {
    if (this.stopped) return;
    for (const { driver } of this.active.values()) driver.sweep();
  }

  private projectOf(row: BackfillRow): ProjectConfig | undefined {
    return this.options.projects().find((p) => p.file === row.projectFile);
  }

  private record(row: BackfillRow): BackfillRecord {
    const counts = backfillCounts(this.options.db, row.id);
    const timings = backfillTimings(this.options.db, row.id);
    const running = row.state === 'running';
    const etaMs = running ? backfillEta({ counts, meanMs: timings.finished.meanMs, runningSince: timings.runningSince, concurrency: row.concurrency, now: this.now() }) : null;
    return { ...row, counts, meanPartitionMs: timings.finished.meanMs === null ? null : Math.round(timings.finished.meanMs), etaMs };
  }

  private changed(): void {
    this.options.onJournal?.();
  }
}

/** What a run's final state makes of its partition. */
function partitionOutcome(state: RunState): BackfillPartitionState {
  return state === 'succeeded' ? 'succeeded' : state === 'cancelled' ? 'cancelled' : 'failed';
}
