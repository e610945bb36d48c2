/**
 * Keeps the Launch and Backfill views' queries current from the event
 * stream (called by live-cache.ts for every event), without polling: a
 * `backfill` event refetches the shown backfills (progress, state) at the
 * next frame; a partition's change, or any run's end, refetches the shown
 * matrices and Launch plans (a finished run changes what is cached) at
 * most once per MATRIX_MS (a backfill can finish many partitions a second,
 * and a matrix of years is one larger request). Hidden queries are only
 * marked stale.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ApiEvent } from '../../shared/api-contract.js';
import { isRunTerminal, type RunState } from '../../shared/state-machines.js';
import { backfillKeys } from './backfills.js';
import { launchKeys } from './launch.js';

/** The least time between two refreshes of the matrices. */
export const MATRIX_MS = 750;

/** See the file comment. */
export class PlanningLive {
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private matrixTimer: ReturnType<typeof setTimeout> | null = null;
  private lastMatrix = 0;

  constructor(private readonly client: QueryClient) {}

  /** Takes one event of the stream. */
  handle(event: ApiEvent): void {
    if (event.kind === 'backfill') {
      this.progressTimer ??= setTimeout(() => {
        this.progressTimer = null;
        this.refresh(['backfills', 'get']);
        this.refresh(backfillKeys.list);
      }, 16);
      if (event.data?.change === 'partition') this.matrixSoon();
    } else if (event.kind === 'run' && event.to !== null && isRunTerminal(event.to as RunState)) this.matrixSoon();
  }

  /** Stops the pending timers. */
  dispose(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    if (this.matrixTimer) clearTimeout(this.matrixTimer);
    this.progressTimer = this.matrixTimer = null;
  }

  private matrixSoon(): void {
    if (this.matrixTimer) return;
    const wait = Math.max(0, this.lastMatrix + MATRIX_MS - Date.now());
    this.matrixTimer = setTimeout(() => {
      this.matrixTimer = null;
      this.lastMatrix = Date.now();
      this.refresh(backfillKeys.matrices);
      this.refresh(launchKeys.previews);
    }, wait);
  }

  private refresh(queryKey: QueryKey): void {
    void this.client.invalidateQueries({ queryKey, refetchType: 'active' });
  }
}
