/**
 * Feeds the query cache from the event stream, so views stay live without
 * polling. Events are gathered for one frame, then:
 *  - each run they touch has its detail queries (runs.get, runs.attempts,
 *    runs.events) refetched if shown, or marked stale if cached but hidden;
 *  - each shown Runs list asks runs.list for just those runs under its own
 *    filters and merges the answer (run-pages.ts); hidden lists are dropped
 *    from the cache (they load fresh when shown again);
 *  - alert events refetch the alert queries;
 *  - the Overview's queries follow every event through overview-live.ts,
 *    the Launch and Backfill views' through planning-live.ts.
 * One merge runs at a time, so a later answer always lands after an earlier
 * one. A page fetched while events arrived re-asks about the runs those
 * events named (`recheckSince`), since the page may predate them.
 */
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ApiEvent, RunListFilters } from '../../shared/api-contract.js';
import type { RunRecord } from '../../shared/run-model.js';
import { isRunTerminal, type RunState } from '../../shared/state-machines.js';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';
import { patchRunPages, type RunPage } from './run-pages.js';
import { OverviewLive } from './overview-live.js';
import { PlanningLive } from './planning-live.js';

/** How many recent (seq, run) pairs to keep for re-checks. */
const RECENT = 5_000;
/** Runs asked about per runs.list call. */
const CHUNK = 1_000;

/** See the file comment. */
export class LiveCache {
  private readonly pending = new Set<number>();
  private readonly recent: Array<{ readonly seq: number; readonly runId: number }> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing = false;
  private last: number | null = null;

  private readonly overview: OverviewLive;
  private readonly planning: PlanningLive;

  constructor(private readonly client: QueryClient) {
    this.overview = new OverviewLive(client);
    this.planning = new PlanningLive(client);
  }

  /** The seq of the last event handled (null before any). */
  get seq(): number | null {
    return this.last;
  }

  /** Takes one event of the stream. */
  handle(event: ApiEvent): void {
    this.last = event.seq;
    this.overview.handle(event);
    this.planning.handle(event);
    if (event.kind === 'alert') void this.client.invalidateQueries({ queryKey: queryKeys.alerts });
    // An alert (config_invalid among them) or a finished run changes the Health view's report.
    if (event.kind === 'alert' || (event.kind === 'run' && isRunTerminal(event.to as RunState))) void this.client.invalidateQueries({ queryKey: queryKeys.health });
    if (event.runId === null) return;
    this.pending.add(event.runId);
    this.recent.push({ seq: event.seq, runId: event.runId });
    if (this.recent.length > RECENT) this.recent.splice(0, this.recent.length - RECENT);
    this.schedule();
  }

  /** A page was fetched from `seq` on: re-ask about the runs of any event after it. */
  recheckSince(seq: number | null): void {
    let added = false;
    for (const change of this.recent) {
      if (seq !== null && change.seq <= seq) continue;
      this.pending.add(change.runId);
      added = true;
    }
    if (added) this.schedule();
  }

  /** Stops the pending merge timer. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.overview.dispose();
    this.planning.dispose();
  }

  private schedule(): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, 16);
  }

  private async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    this.flushing = true;
    const ids = [...this.pending];
    this.pending.clear();
    try {
      for (const id of ids) {
        void this.client.invalidateQueries({ queryKey: queryKeys.run(id), exact: true });
        void this.client.invalidateQueries({ queryKey: queryKeys.runHistory(id) });
      }
      await this.mergeIntoLists(ids);
    } catch {
      // The daemon went away mid-merge: the reconnect resumes the stream, and these runs are asked about again.
      for (const id of ids) this.pending.add(id);
    } finally {
      this.flushing = false;
      if (this.pending.size) this.schedule();
    }
  }

  private async mergeIntoLists(ids: readonly number[]): Promise<void> {
    const changed = new Set(ids);
    for (const query of this.client.getQueryCache().findAll({ queryKey: queryKeys.runLists })) {
      if (query.getObserversCount() === 0) {
        this.client.removeQueries({ queryKey: query.queryKey, exact: true });
        continue;
      }
      const filters = query.queryKey[2] as RunListFilters;
      const fresh: RunRecord[] = [];
      for (let at = 0; at < ids.length; at += CHUNK) {
        const chunk = ids.slice(at, at + CHUNK);
        fresh.push(...(await call('runs.list', { ...filters, ids: chunk, limit: chunk.length })));
      }
      this.client.setQueryData<InfiniteData<RunPage, number | null>>(query.queryKey, (data) =>
        data ? { ...data, pages: patchRunPages(data.pages, fresh, changed) } : data,
      );
    }
  }
}
