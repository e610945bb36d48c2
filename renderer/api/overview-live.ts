/**
 * Keeps the Overview's queries current from the event stream (called by
 * live-cache.ts for every event), without polling:
 *  - run and task events refresh the target summaries, and the shown
 *    timeline windows get just the changed runs merged in (timeline-merge.ts);
 *    a new run also refreshes the schedules (a fired slot moves them on);
 *  - alert events refresh the summaries (open alert counts);
 *  - schedule events (pause, resume) refresh the schedules and the
 *    timeline's slots; clock events (a sleep recorded) its periods.
 * Events are gathered for a frame; each family is refreshed by one request
 * at a time (a change during a refresh asks once more after it), so a busy
 * run cannot flood the daemon. Hidden queries are only marked stale.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ApiEvent } from '../../shared/api-contract.js';
import type { TimelineRuns } from '../../shared/overview-model.js';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';
import { mergeTimelineRuns } from './timeline-merge.js';

type Family = 'targets' | 'schedules' | 'periods';

const FAMILY_KEYS: Readonly<Record<Family, QueryKey>> = {
  targets: queryKeys.overviewTargets,
  schedules: queryKeys.schedules,
  periods: ['overview', 'timeline-periods'],
};

/** See the file comment. */
export class OverviewLive {
  private readonly dirty = new Set<Family>();
  private readonly runs = new Set<number>();
  private readonly busy = new Set<Family | 'runs'>();
  private readonly again = new Set<Family | 'runs'>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly client: QueryClient) {}

  /** Takes one event of the stream. */
  handle(event: ApiEvent): void {
    switch (event.kind) {
      case 'run':
      case 'task':
        if (event.runId !== null) this.runs.add(event.runId);
        this.dirty.add('targets');
        if (event.kind === 'run' && event.to === 'queued') this.dirty.add('schedules');
        break;
      case 'alert':
        this.dirty.add('targets');
        break;
      case 'schedule':
        this.dirty.add('schedules').add('periods');
        break;
      case 'clock':
        this.dirty.add('periods');
        break;
      default:
        return;
    }
    this.timer ??= setTimeout(() => this.flush(), 16);
  }

  /** Stops the pending timer. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    for (const family of this.dirty) this.refresh(family);
    this.dirty.clear();
    if (this.runs.size > 0) this.mergeRuns();
  }

  /** One refetch of the family's shown queries at a time; a change meanwhile asks once more. */
  private refresh(family: Family): void {
    if (this.busy.has(family)) {
      this.again.add(family);
      return;
    }
    this.busy.add(family);
    const queryKey = FAMILY_KEYS[family];
    void this.client.invalidateQueries({ queryKey, refetchType: 'none' });
    void this.client.refetchQueries({ queryKey, type: 'active' }).finally(() => {
      this.busy.delete(family);
      if (this.again.delete(family)) this.refresh(family);
    });
  }

  private mergeRuns(): void {
    if (this.busy.has('runs')) {
      this.again.add('runs');
      return;
    }
    const shown = this.client.getQueryCache().findAll({ queryKey: ['overview', 'timeline-runs'] }).filter((q) => q.getObserversCount() > 0);
    const ids = [...this.runs];
    this.runs.clear();
    if (shown.length === 0) {
      void this.client.invalidateQueries({ queryKey: ['overview', 'timeline-runs'], refetchType: 'none' });
      return;
    }
    this.busy.add('runs');
    void call('runs.list', { ids, limit: ids.length })
      .then((fresh) => {
        for (const query of shown) this.client.setQueryData<TimelineRuns>(query.queryKey, (data) => (data ? mergeTimelineRuns(data, fresh) : data));
      })
      .catch(() => {
        // The daemon went away: the reconnect replays the events, and these runs are asked about again.
        for (const id of ids) this.runs.add(id);
      })
      .finally(() => {
        this.busy.delete('runs');
        if (this.again.delete('runs') || this.runs.size > 0) this.timer ??= setTimeout(() => this.flush(), 16);
      });
  }
}
