/**
 * Notices commits made by other processes (a `tickwork cancel`, another
 * engine finishing a run) while an engine drives runs: SQLite's
 * `data_version` changes only for commits on other connections, so one
 * cheap pragma per tick tells whether to re-derive.
 */
import type { Db } from '../store/open-store.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { dataVersion } from '../store/statements.js';

/** Construction options of a StoreWatch. */
export interface StoreWatchOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly everyMs: number;
  /** Each tick; `changedElsewhere` when another process committed since the last one. Call `next()` to keep watching. */
  readonly onTick: (changedElsewhere: boolean) => void;
}

/** See the file comment. */
export class StoreWatch {
  private timer: TimerHandle | null = null;
  private version = 0;

  constructor(private readonly options: StoreWatchOptions) {}

  /** Starts ticking unless already; what was just read from the store counts as current. */
  start(): void {
    if (this.timer) return;
    this.version = dataVersion(this.options.db);
    this.next();
  }

  /** Arms the next tick (from `onTick`), keeping the version seen so far. */
  next(): void {
    if (this.timer) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      const version = dataVersion(this.options.db);
      const changed = version !== this.version;
      this.version = version;
      this.options.onTick(changed);
    }, this.options.everyMs);
  }

  /** Stops ticking. */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
