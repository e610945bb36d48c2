/**
 * The engine: drives the runs it owns from the store to a final state.
 *
 * It owns runs by compare-and-set on `runs.owner_token`; a run whose owner
 * process is dead is adopted by the next engine (see `adoptOrphans`). It
 * holds no state the store cannot rebuild: each step persists a transition
 * first (run-store / task-store / attempt-store) and only then acts — spawns
 * an attempt, arms a retry timer, promotes downstream tasks.
 *
 * Flow per task: ready → (pool slot, priority order) attempt launched →
 * process ends → verdict → succeeded | retry_wait (timer → ready) | failed |
 * skipped → downstream promotions → run outcome when every task is terminal.
 */
import type { Db } from '../store/open-store.js';
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import { isTaskTerminal, isRunTerminal } from '../../../shared/state-machines.js';
import type { TaskSpec } from '../../../shared/run-model.js';
import { activeRunsLike, claimRun, getRun, releaseRun, setRunState, type RunOwner } from '../store/run-store.js';
import { isOrphaned, newRunOwner, orphanedRuns } from './run-owner.js';
import { StrandedSweep } from './cancel-run.js';
import { allTasksTerminal, loadLiveRun, refreshLiveRun, setLiveTaskState, type LiveAttempt, type LiveRun, type LiveTask } from './live-run.js';
import { setTaskState } from '../store/task-store.js';
import { persistMovesTogether } from './moves-together.js';
import { inTransaction } from '../store/statements.js';
import { StoreWatch } from './store-watch.js';
import { outcomeReason, promotions, runOutcome, type TaskMove } from './run-graph.js';
import { PoolSlots } from './pool-slots.js';
import { AttemptRunner, type PendingLaunch, type SettledAttempt } from './attempt-runner.js';
import { GateKeeper } from './gate-keeper.js';
import { createExecutor } from '../exec/executor-choice.js';
import type { EngineEvent, EngineOptions } from './engine-options.js';
import { adoptedPassthrough } from '../exec/task-env.js';
import { passthroughKey } from './passthrough-key.js';

export type { EngineEvent, EngineOptions } from './engine-options.js';

/** From this many promotions at once, the plain ones are persisted together (moves-together.ts). */
const MOVES_TOGETHER = 16;

/** Drives owned runs; see the file comment. */
export class Engine {
  readonly owner: RunOwner;
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly runs = new Map<number, LiveRun>();
  private readonly slots = new PoolSlots();
  private readonly runner: AttemptRunner;
  private readonly gates: GateKeeper;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly watch: StoreWatch;
  private pumping = false;
  private readonly held = new Set<LiveRun>();
  private readonly conflicted = new Set<LiveRun>();
  private pumpAgain = false;
  private stopped = false;
  private readonly sweep: StrandedSweep;
  /** Runs this engine left unclaimed: its environment lacks their passed-through values (passthroughFor). */
  private readonly notAdopted = new Set<number>();

  constructor(private readonly options: EngineOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.owner = options.owner ?? newRunOwner();
    this.runner = new AttemptRunner({
      db: this.db,
      home: options.home,
      clock: this.clock,
      random: options.random ?? Math.random,
      pollMs: options.syncMs ?? 100,
      executor: options.executor ?? createExecutor(),
      mode: options.mode?.kind ?? 'live',
      stagingHome: options.mode?.kind === 'local' ? options.mode.stagingHome : options.home.root,
      onSlotFreed: (run, task) => this.slots.count(run, task, -1),
      // One transaction per batch of ended attempts: their outcomes, the promotions they cause, and the starts that fill their slots.
      persistAfterSettle: (run, task) => this.persistProgress(run, run.downstream.get(task.pipeline) ?? []),
      persistStarts: () => this.persistStarts(),
      onSettled: (settled, launches) => this.afterAttempts(settled, launches),
      onTaskEvent: (event) => this.emit(event),
    });
    this.sweep = new StrandedSweep(this.db, this.clock);
    this.watch = new StoreWatch({ db: this.db, clock: this.clock, everyMs: options.syncMs ?? 100, onTick: (changed) => this.onWatchTick(changed) });
    this.gates = new GateKeeper({
      db: this.db,
      clock: this.clock,
      homeRoot: options.home.root,
      onOpen: (run) => this.advance(run),
      onTimeout: (run, task, reason) => this.failGate(run, task, reason),
      onNote: (run, note) => this.emit({ type: 'note', runId: run.record.id, pipeline: note.pipeline, message: note.message }),
    });
  }

  /** Runs driven and tasks still moving (running, ready, retrying, or a gate being checked). */
  activity(): { runs: number; moving: number } {
    let moving = this.gates.inFlight();
    for (const run of this.runs.values()) {
      for (const task of run.tasks.values()) if (task.state === 'running' || task.state === 'ready' || task.state === 'retry_wait') moving++;
    }
    return { runs: this.runs.size, moving };
  }

  /**
   * Claims a run by id (it must be unowned or owned by a dead engine). True
   * when now ours. `specs`: the task specs of a run this process just created.
   * `passthrough`: the env_passthrough values of whoever triggered it (the
   * daemon creating a run a CLI asked for); default: this engine's own
   * environment. Either way they must be the ones the run was planned with.
   */
  claim(runId: number, specs?: ReadonlyMap<string, TaskSpec>, passthrough?: Readonly<Record<string, string>>): boolean {
    if (this.runs.has(runId)) return true;
    if (!passthrough && this.notAdopted.has(runId)) return false; // this engine's environment cannot change its mind
    // Ownership first, from the run row alone: its tasks are read only once the run is ours.
    const record = getRun(this.db, runId);
    if (!record || isRunTerminal(record.state)) return false;
    if (record.ownerToken && record.ownerToken !== this.owner.token && !isOrphaned(record)) return false; // another live engine drives it
    if (!claimRun(this.db, runId, this.owner, record.ownerToken)) return false;
    const run = loadLiveRun(this.db, runId, specs);
    if (!run) return false; // cannot happen: runs are never deleted
    const values = this.passthroughFor(run, passthrough);
    if (values === null) {
      releaseRun(this.db, runId, this.owner.token);
      return false;
    }
    run.passthrough = values;
    this.runs.set(runId, run);
    this.begin(run);
    return true;
  }

  /**
   * Claims a run just created through this engine's connection and re-derives
   * the runs its creation cancelled (overlap: cancel_previous): changes made on
   * this same connection are invisible to the sync timer, so their processes
   * would otherwise keep running.
   */
  claimCreated(created: { readonly runId: number; readonly cancelled: readonly number[]; readonly specs?: ReadonlyMap<string, TaskSpec>; readonly passthrough?: Readonly<Record<string, string>> }): boolean {
    const claimed = this.claim(created.runId, created.specs, created.passthrough);
    for (const id of created.cancelled) this.refresh(id);
    return claimed;
  }

  /**
   * The env_passthrough values a claimed run's tasks get: from `given`, else
   * this engine's own environment (it adopts or resumes the run), and only if
   * they are the ones its unfinished tasks were planned with (same keyed
   * digest). Otherwise null: the run is left for an engine that has them, and
   * why is said (once per run for the engine's own environment).
   */
  private passthroughFor(run: LiveRun, given: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | null {
    const found = adoptedPassthrough(run.tasks.values(), given ?? this.options.env ?? process.env, () => passthroughKey(this.options.home.root));
    if (found.ok) return found.values;
    const id = run.record.id;
    if (!given) this.notAdopted.add(id);
    this.options.onNotAdopted?.(id, `run ${id} needs its env_passthrough values as they were when it was triggered: ${found.problem}; carry it on with \`tickwork resume\` where they are set so, or stop it with \`tickwork cancel ${id}\``);
    return null;
  }

  /** Claims every unfinished run whose owner is gone (first settling what finished runs left running); returns their ids. */
  adoptOrphans(): number[] {
    this.sweep.maybeRun(); // leftovers of cancelled runs whose canceller or engine died
    const adopted: number[] = [];
    for (const run of orphanedRuns(this.db, this.owner)) if (this.claim(run.id)) adopted.push(run.id);
    return adopted;
  }

  /** Ids of the runs this engine currently drives. */
  ownedRunIds(): number[] {
    return [...this.runs.keys()];
  }

  /** Resolves when the engine drives no run and watches no process. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops driving: timers cleared, attempt processes left running (detached),
   * ownership released so the next engine adopts them immediately.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watch.stop();
    for (const run of this.runs.values()) {
      for (const task of run.tasks.values()) {
        this.runner.detach(task);
        this.gates.forget(task);
      }
      releaseRun(this.db, run.record.id, this.owner.token);
    }
    this.runs.clear();
    this.notifyIdle();
    this.runner.dispose();
  }

  /** Re-derives a run this engine drives from the store (after a change made through this same connection). */
  refresh(runId: number): void {
    const run = this.runs.get(runId);
    if (run) this.resync(run);
  }

  private begin(run: LiveRun): void {
    if (!this.stopped) this.watch.start();
    this.runner.prepareRun(run);
    const now = this.clock.now();
    if (run.state === 'queued' && this.mustWait(run)) {
      this.held.add(run); // overlap: queue — starts when an active run of the same target ends
      return;
    }
    this.held.delete(run);
    if (run.state === 'queued') {
      if (!setRunState(this.db, run.record.id, 'queued', 'running', now)) return this.resync(run);
      run.state = 'running';
      this.emit({ type: 'run', runId: run.record.id, from: 'queued', to: 'running' });
    }
    for (const task of run.tasks.values()) {
      if (task.state === 'running') {
        this.slots.count(run, task, +1);
        this.runner.adoptRunning(run, task);
      }
      if (task.state === 'retry_wait') this.armRetry(run, task);
    }
    this.advance(run);
  }

  /** True while `max_active_runs` runs of the same target are running (overlap: queue). */
  private mustWait(run: LiveRun): boolean {
    const max = run.record.maxActive;
    if (max === null) return false;
    return activeRunsLike(this.db, run.record, run.record.id).filter((other) => other.state === 'running').length >= max;
  }

  /** Starts held runs whose target has room again. */
  private releaseHeld(): void {
    for (const run of [...this.held]) {
      refreshLiveRun(this.db, run);
      if (isRunTerminal(run.state)) {
        this.held.delete(run);
        this.retireIfDone(run);
      } else if (!this.mustWait(run)) this.begin(run);
    }
  }

  /** Persists promotions (of `seeds`, or of all tasks) and the run outcome, then starts what is ready. */
  private advance(run: LiveRun, seeds?: Iterable<string>): void {
    if (this.stopped || this.held.has(run)) return;
    const conflict = inTransaction(this.db, () => this.persistProgress(run, seeds));
    this.afterProgress(run, conflict);
  }

  /**
   * Writes the promotions and, once every task is terminal, the run outcome.
   * Runs inside the caller's transaction (the attempt settlement, on the hot
   * path). Returns true when another process changed the run first.
   */
  private persistProgress(run: LiveRun, seeds?: Iterable<string>): boolean {
    const now = this.clock.now();
    let moves: readonly TaskMove[] | null = promotions(run.tasks, run.downstream, seeds);
    if (moves.length >= MOVES_TOGETHER) moves = persistMovesTogether(this.db, run, moves, now, (task, move) => this.afterMove(run, task, move));
    if (moves === null) return true;
    for (const move of moves) {
      const task = run.tasks.get(move.pipeline)!;
      if (!setTaskState(this.db, task, move.from, move.to, now, move.reason ? { reason: move.reason } : {})) return true;
      this.afterMove(run, task, move);
    }
    const outcome = run.state === 'running' && allTasksTerminal(run) ? runOutcome(run.tasks.values()) : null;
    if (!outcome) return false;
    const reason = outcomeReason(run.tasks.values());
    if (!setRunState(this.db, run.record.id, 'running', outcome, now, reason)) return true;
    run.state = outcome;
    this.emit({ type: 'run', runId: run.record.id, from: 'running', to: outcome, ...(reason ? { reason } : {}) });
    return false;
  }

  /** Mirrors a persisted move and announces it. */
  private afterMove(run: LiveRun, task: LiveTask, move: TaskMove): void {
    setLiveTaskState(run, task, move.to);
    this.emit({ type: 'task', runId: run.record.id, pipeline: task.pipeline, from: move.from, to: move.to, attempt: task.attempts, ...(move.reason ? { reason: move.reason } : {}) });
  }

  /** Effects after progress was committed: re-derive on conflict, retire a finished run, watch gates, start ready tasks. */
  private afterProgress(run: LiveRun, conflict: boolean): void {
    if (conflict) return this.resync(run);
    this.retireIfDone(run);
    if (this.runs.has(run.record.id)) this.gates.watch(run);
    this.pump();
  }

  /** A gate timed out: the task fails (its downstream becomes upstream_failed). */
  private failGate(run: LiveRun, task: LiveTask, reason: string): void {
    const now = this.clock.now();
    const conflict = inTransaction(this.db, () => {
      if (!setTaskState(this.db, task, 'waiting', 'failed', now, { reason })) return true;
      setLiveTaskState(run, task, 'failed');
      this.emit({ type: 'task', runId: run.record.id, pipeline: task.pipeline, from: 'waiting', to: 'failed', attempt: task.attempts, reason });
      return this.persistProgress(run, run.downstream.get(task.pipeline) ?? []);
    });
    this.afterProgress(run, conflict);
  }

  /** Called by the runner once ended attempts, their consequences and the starts they allowed are committed. */
  private afterAttempts(settled: readonly SettledAttempt[], launches: readonly PendingLaunch[]): void {
    this.runner.launchAll(launches);
    this.resyncConflicted();
    for (const { run, task, next, conflict } of settled) {
      if (next === null) this.resync(run);
      else {
        if (next === 'retry_wait') this.armRetry(run, task);
        this.afterProgress(run, conflict);
      }
    }
  }

  private armRetry(run: LiveRun, task: LiveTask): void {
    this.runner.armRetry(run, task, (ok) => (ok ? this.pump() : this.resync(run)));
  }

  /** Starts ready tasks, highest priority first, while their pools have free slots. Call outside transactions. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        // No transaction when nothing can start (after a settle its own transaction filled the freed slot).
        const launches = this.slots.anyStartable(this.runs.values()) ? inTransaction(this.db, () => this.persistStarts()) : [];
        this.runner.launchAll(launches);
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
    this.resyncConflicted();
  }

  /** Persists the starts of ready tasks that fit their pools (highest priority first); returns them for launching after commit. */
  private persistStarts(): PendingLaunch[] {
    const launches: PendingLaunch[] = [];
    for (const [run, task] of this.slots.candidates(this.runs.values())) {
      const pending = this.runner.persistStart(run, task);
      if (pending) {
        this.slots.count(run, task, +1);
        launches.push(pending);
      } else this.conflicted.add(run); // changed by another process: re-derived after the commit
    }
    return launches;
  }

  /** Re-derives runs whose starts lost a race with another process. */
  private resyncConflicted(): void {
    const runs = [...this.conflicted];
    this.conflicted.clear();
    for (const run of runs) this.resync(run);
  }

  /** Another process changed the run (cancel, or a lost race): re-derive it from the store. */
  private resync(run: LiveRun): void {
    const wasReady = run.record.dataReadyAt;
    refreshLiveRun(this.db, run);
    if (run.record.dataReadyAt !== wasReady) this.gates.recheck(run);
    for (const task of run.tasks.values()) {
      if (task.state !== 'retry_wait') {
        task.retryTimer?.cancel();
        task.retryTimer = null;
      }
      // Cancelled elsewhere while its process still runs: make sure the process stops.
      if (task.attempt && isTaskTerminal(task.state)) this.runner.kill(task, 'cancel');
    }
    if (isRunTerminal(run.state)) this.retireIfDone(run);
    else this.advance(run);
  }

  private retireIfDone(run: LiveRun): void {
    if (!isRunTerminal(run.state)) return;
    for (const task of run.tasks.values()) if (task.attempt) return; // wait for processes to settle
    for (const task of run.tasks.values()) {
      task.retryTimer?.cancel();
      this.gates.forget(task);
    }
    this.runs.delete(run.record.id);
    this.held.delete(run);
    this.releaseHeld();
    this.notifyIdle();
  }

  /** A store-watch tick: pids of attempts that run for a while, and re-derivation after commits elsewhere. */
  private onWatchTick(changedElsewhere: boolean): void {
    this.runner.recordPids(this.liveAttempts());
    if (changedElsewhere) {
      for (const run of [...this.runs.values()]) this.resync(run);
      this.releaseHeld(); // another engine's run may have ended
    }
    if (this.runs.size > 0 && !this.stopped) this.watch.next();
  }

  private *liveAttempts(): Generator<LiveAttempt> {
    for (const run of this.runs.values()) for (const task of run.tasks.values()) if (task.attempt) yield task.attempt;
  }

  private isIdle(): boolean {
    return this.runs.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    this.watch.stop();
    if (!this.options.keepLauncher) this.runner.dispose();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private emit(event: EngineEvent): void {
    this.options.onEvent?.(event);
  }
}
