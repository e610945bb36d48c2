/** The views' data hooks: TanStack queries over the typed calls, kept live by live-cache.ts. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { RunListFilters } from '../../shared/api-contract.js';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';
import { RUN_PAGE_SIZE, toRunPage } from './run-pages.js';
import { useEngine } from './engine-context.js';

/** The Runs list under `filters`, newest first, a page at a time (fetchNextPage for more). */
export function useRunList(filters: RunListFilters) {
  const { live } = useEngine();
  return useInfiniteQuery({
    queryKey: queryKeys.runList(filters),
    initialPageParam: null as number | null,
    queryFn: async ({ pageParam, signal }) => {
      const from = live.seq;
      const runs = await call('runs.list', { ...filters, limit: RUN_PAGE_SIZE, ...(pageParam !== null ? { before: pageParam } : {}) }, signal);
      live.recheckSince(from);
      return toRunPage(runs);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}

/** One run and its tasks. */
export function useRun(id: number) {
  return useQuery({
    queryKey: queryKeys.run(id),
    // An event for this run invalidates it, which cancels a fetch in flight and starts again: the answer is never older than the event.
    queryFn: ({ signal }) => call('runs.get', { id }, signal),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

/** The projects the daemon serves (their pipelines and jobs). */
export function useProjects() {
  return useQuery({ queryKey: queryKeys.projects, queryFn: ({ signal }) => call('projects.list', {}, signal) });
}
