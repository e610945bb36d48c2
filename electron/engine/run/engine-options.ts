/** The engine's construction options and the transitions it reports (engine.ts). */
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import type { Clock } from '../util/clock.js';
import type { RunState, TaskState } from '../../../shared/state-machines.js';
import type { Executor } from '../exec/local-executor.js';
import type { RunOwner } from '../store/run-store.js';

/** A transition the engine made, for progress output and live views. */
export type EngineEvent =
  | { readonly type: 'run'; readonly runId: number; readonly from: RunState; readonly to: RunState; readonly reason?: string }
  | {
      readonly type: 'task';
      readonly runId: number;
      readonly pipeline: string;
      readonly from: TaskState;
      readonly to: TaskState;
      readonly attempt: number;
      readonly reason?: string;
    }
  /** A fact about a task that changes no state (a journal note, store/run-notes.ts), e.g. the upstream result it uses. */
  | { readonly type: 'note'; readonly runId: number; readonly pipeline: string; readonly message: string };

/** Construction options of an Engine. */
export interface EngineOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly onEvent?: (event: EngineEvent) => void;
  /** How attempts are launched (default: the best launcher for this machine). */
  readonly executor?: Executor;
  /** How often to look for changes made by other processes (cancel) and poll adopted attempts. */
  readonly syncMs?: number;
  /**
   * Keep the attempt launcher between runs (the daemon): a scheduled fire then
   * reuses it instead of forking a new one from this large process (~3 ms).
   * Without it the launcher goes when the engine is idle, so a CLI can exit.
   */
  readonly keepLauncher?: boolean;
  /** This engine's identity; pass the one its runs were created with (createRun's `owner`). Default: a new one. */
  readonly owner?: RunOwner;
  /** Where the env_passthrough values of runs it adopts come from (default: this process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A run was left unclaimed because this engine's environment lacks (or differs in) its passed-through values; said once per run. */
  readonly onNotAdopted?: (runId: number, reason: string) => void;
  /**
   * How its runs execute, told to attempts as TICKWORK_MODE (default live).
   * `local` (local-mode.ts) also names its staging directories by
   * `stagingHome` instead of the home: an in-memory store's run ids repeat.
   */
  readonly mode?: { readonly kind: 'live' } | { readonly kind: 'local'; readonly stagingHome: string };
}
