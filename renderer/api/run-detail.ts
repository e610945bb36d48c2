/**
 * The Run detail view's data beyond runs.get: the run's attempts (the
 * Gantt), its journal (oldest first, a page at a time, live at the tail),
 * which re-runs the engine allows, re-run previews, and the re-run and
 * cancel transitions.
 *
 * The journal is append-only, so a live refresh asks only for what follows
 * the last event held, and only once the reader has reached the end; pages
 * already held are never fetched again.
 */
import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventRecord } from '../../shared/run-model.js';
import type { RerunMode } from '../../shared/preview-model.js';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';

/** Events asked for per page of a run's journal. */
export const EVENT_PAGE = 200;

/** The part of a run's journal held: oldest first; `next` non-null while older pages remain unread (then live events wait). */
export interface RunEventLog {
  readonly events: readonly EventRecord[];
  readonly next: number | null;
  /** The reader asked for the next page. */
  readonly wantMore: boolean;
}

/** Every attempt of run `id`'s tasks, kept live by the event stream. */
export function useRunAttempts(id: number) {
  return useQuery({
    queryKey: queryKeys.runAttempts(id),
    queryFn: ({ signal }) => call('runs.attempts', { id }, signal),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

/** Run `id`'s journal, with `loadMore` for the next page; new events append themselves once the end was reached. `enabled` false: not asked yet. */
export function useRunEvents(id: number, enabled = true) {
  const client = useQueryClient();
  const key = queryKeys.runEvents(id);
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<RunEventLog> => {
      const held = client.getQueryData<RunEventLog>(key);
      // Older pages still unread: live events are not shown yet, so there is nothing to ask.
      if (held && held.next !== null && !held.wantMore) return held;
      const after = held?.events.at(-1)?.seq ?? 0;
      const page = await call('runs.events', { id, after, limit: EVENT_PAGE }, signal);
      return { events: [...(held?.events ?? []), ...page.events], next: page.next, wantMore: false };
    },
    enabled: enabled && Number.isSafeInteger(id) && id > 0,
  });
  const loadMore = useCallback(() => {
    const events = queryKeys.runEvents(id);
    client.setQueryData<RunEventLog>(events, (held) => (held ? { ...held, wantMore: true } : held));
    void client.invalidateQueries({ queryKey: events, exact: true });
  }, [client, id]);
  return { ...query, loadMore };
}

/** What runs.rerun would do for `mode` (and `tasks`), or the engine's refusal (409: still active, nothing failed). Asked again when `runState` changes. */
export function useRerunPreview(id: number, mode: RerunMode, tasks: readonly string[], runState: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.rerunPreview(id, mode, tasks, runState),
    queryFn: ({ signal }) => call('runs.rerun', { id, mode, preview: true, ...(mode === 'selected' ? { tasks: [...tasks] } : {}) }, signal),
    enabled: enabled && Number.isSafeInteger(id) && id > 0 && (mode !== 'selected' || tasks.length > 0),
    retry: false,
    staleTime: 0,
  });
}

/** Which re-runs the engine allows for run `id` and why not (runs.rerunChoices), asked again when `runState` changes. */
export function useRerunChoices(id: number, runState: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.rerunChoices(id, runState),
    queryFn: ({ signal }) => call('runs.rerunChoices', { id }, signal),
    enabled: enabled && Number.isSafeInteger(id) && id > 0,
  });
}

/** Creates the re-run (runs.rerun); resolves with the engine's answer, whose `id` is the new run. */
export function useRerun() {
  return useMutation({
    mutationFn: (request: { readonly id: number; readonly mode: RerunMode; readonly tasks?: readonly string[] }) =>
      call('runs.rerun', { id: request.id, mode: request.mode, ...(request.tasks ? { tasks: [...request.tasks] } : {}) }),
  });
}

/** Cancels a run (runs.cancel): how many process groups were stopped. */
export function useCancelRun() {
  return useMutation({ mutationFn: (id: number) => call('runs.cancel', { id }) });
}
