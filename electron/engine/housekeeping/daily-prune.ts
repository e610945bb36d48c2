/**
 * The daemon's retention: prunes every served project (prune.ts) when the
 * daemon starts and then once a day, logging one summary line per project.
 * A failure is logged and retried at the next turn; it never stops the
 * daemon.
 */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { systemClock, type Clock, type TimerHandle } from '../util/clock.js';
import { formatPruneReport, prune } from './prune.js';

/** How often the daemon prunes. */
export const PRUNE_EVERY_MS = 86_400_000;

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

/** See the file comment. */
export class DailyPrune {
  private timer: TimerHandle | null = null;
  private readonly clock: Clock;

  constructor(private readonly options: DailyPruneOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Prunes now, then every PRUNE_EVERY_MS. */
  start(): void {
    this.pruneAll();
    this.arm();
  }

  /** Stops the daily turn. */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** One turn: every served project. */
  pruneAll(): void {
    const now = this.clock.now();
    for (const project of this.options.projects()) {
      try {
        const report = prune(this.options.db, { project: project.name, ...(project.retention ? { retention: project.retention } : {}), logsDir: this.options.logsDir, now, apply: true });
        this.options.log(`prune ${project.name}: ${formatPruneReport(report, now, true).join('; ')}`);
      } catch (error) {
        this.options.log(`prune ${project.name} failed (tried again in a day): ${(error as Error).message}`);
      }
    }
  }

  private arm(): void {
    this.timer = this.clock.setTimeout(() => {
      this.pruneAll();
      this.arm();
    }, PRUNE_EVERY_MS);
  }
}
