/**
 * Runs an engine in this process until the runs it drives are finished:
 * used by `run --wait` (its own run only), `resume` and the background engine
 * (every orphan). Ctrl-C leaves the attempts running and hands the runs back
 * to the store for the next engine.
 */
import type { Store } from './context.js';
import { Engine, type EngineEvent } from '../engine/run/engine.js';
import type { TaskSpec } from '../../shared/run-model.js';
import type { Executor } from '../engine/exec/local-executor.js';
import type { RunOwner } from '../engine/store/run-store.js';

/** Options of drive. */
export interface DriveOptions {
  readonly store: Store;
  /** Runs to claim first (e.g. the one just created). */
  readonly claim?: readonly number[];
  /** The runs this process just created (claimed first, without reading their task specs back). */
  readonly created?: ReadonlyArray<{ readonly runId: number; readonly cancelled: readonly number[]; readonly specs?: ReadonlyMap<string, TaskSpec> }>;
  readonly onEvent?: (event: EngineEvent) => void;
  /** How attempts are launched (default: the engine's choice); the engine disposes it when idle. */
  readonly executor?: Executor;
  readonly onInterrupt?: (runIds: number[]) => void;
  /** The engine identity the claimed runs were created with (see createRun). */
  readonly owner?: RunOwner;
  /** Also adopt every orphaned run (default true); false drives only the runs named. */
  readonly adoptOrphans?: boolean;
  /** A run left alone: this process's environment lacks the env_passthrough values it was triggered with (Engine onNotAdopted). */
  readonly onNotAdopted?: (runId: number, reason: string) => void;
}

/** Drives the claimed runs (plus, by default, every orphaned run) to the end; returns the ids driven. */
export async function drive(options: DriveOptions): Promise<number[]> {
  const engine = new Engine({
    db: options.store.db,
    home: options.store.home,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.executor ? { executor: options.executor } : {}),
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.onNotAdopted ? { onNotAdopted: options.onNotAdopted } : {}),
  });
  const interrupt = (signal: NodeJS.Signals): void => {
    const ids = engine.ownedRunIds();
    void engine.stop().then(() => {
      options.onInterrupt?.(ids);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  // Before claiming: claiming starts attempts at once, and a Ctrl-C that lands then must leave them running too.
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const driven = new Set<number>();
  for (const created of options.created ?? []) if (engine.claimCreated(created)) driven.add(created.runId);
  for (const id of options.claim ?? []) if (engine.claim(id)) driven.add(id);
  if (options.adoptOrphans !== false) for (const id of engine.adoptOrphans()) driven.add(id);
  try {
    await engine.whenIdle();
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
  return [...driven];
}
