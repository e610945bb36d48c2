/**
 * The daemon's retention: prunes every served project (prune.ts) shortly
 * after the daemon starts (once its API is up) and then once a day, logging
 * one summary line per project. Batches are deleted a turn of the event loop
 * apart, so the API and the runs' engine carry on meanwhile. A failure is
 * logged and tried again at the next turn; it never stops the daemon.
 */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { systemClock, type Clock, type TimerHandle } from '../util/clock.js';
import { formatPruneReport, pruneStepwise } from './prune.js';

/** How often the daemon prunes. */
export const PRUNE_EVERY_MS = 86_400_000;

/** How long after the start the first prune waits (the daemon's API and adoption come first). */
export const FIRST_PRUNE_AFTER_MS = 1000;

/** Construction options of a DailyPrune. */
export interface DailyPruneOptions {
  readonly db: Db;
  /** The home's logs directory. */
  readonly logsDir: string;
  /** The projects served now (their last good config). */
  readonly projects: () => readonly ProjectConfig[];
  readonly log: (line: string) => void;
  readonly clock?: Clock;
}

class Stopped extends Error {}

/** See the file comment. */
export class DailyPrune {
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly clock: Clock;

  constructor(private readonly options: DailyPruneOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Prunes FIRST_PRUNE_AFTER_MS from now, then every PRUNE_EVERY_MS. */
  start(): void {
    this.stopped = false;
    this.arm(FIRST_PRUNE_AFTER_MS);
  }

  /** Stops the daily turn (a prune under way stops after its current batch); resolves once it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.running;
  }

  /** One turn: every served project, one after the other (a turn still under way is not started twice). */
  pruneAll(): Promise<void> {
    this.running ??= this.turn().finally(() => (this.running = null));
    return this.running;
  }

  private async turn(): Promise<void> {
    const now = this.clock.now();
    const pause = (): Promise<void> =>
      new Promise((resolve, reject) => setImmediate(() => (this.stopped ? reject(new Stopped()) : resolve())));
    for (const project of this.options.projects()) {
      if (this.stopped) return;
      try {
        const report = await pruneStepwise(this.options.db, { project: project.name, projectFile: project.file, ...(project.retention ? { retention: project.retention } : {}), logsDir: this.options.logsDir, now, apply: true }, pause);
        this.options.log(`prune ${project.name}: ${formatPruneReport(report, now, true).join('; ')}`);
      } catch (error) {
        if (error instanceof Stopped) return;
        this.options.log(`prune ${project.name} failed (tried again in a day): ${(error as Error).message}`);
      }
    }
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      void this.pruneAll();
      this.arm(PRUNE_EVERY_MS);
    }, ms);
  }
}
