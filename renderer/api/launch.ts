/**
 * The Launch view's data: a project's graph (targets, partitions, param
 * defaults), a calendar's closed days for the date picker, the plan preview
 * of what would be triggered (runs.preview, one request per combination of
 * checked partition values), and the trigger itself.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { ApiMethods } from '../../shared/api-contract.js';
import type { RunPreview } from '../../shared/preview-model.js';
import { call } from './client.js';

/** What runs.trigger and runs.preview take. */
export type TriggerParams = ApiMethods['runs.trigger']['params'];

/** The keys of the Launch view's queries. */
export const launchKeys = {
  graph: (project: string) => ['launch', 'graph', project] as const,
  closedDays: (calendar: string, from: string, to: string) => ['launch', 'closed-days', calendar, from, to] as const,
  /** Every plan preview (a finished run changes which tasks are cached). */
  previews: ['launch', 'preview'] as const,
  preview: (requests: readonly TriggerParams[]) => ['launch', 'preview', requests] as const,
};

/** The DAG, partitions and param defaults of `project` (a tickwork.yaml); asked again each time the view opens (the file may have changed). */
export function useProjectGraph(project: string | undefined) {
  return useQuery({
    queryKey: launchKeys.graph(project ?? ''),
    queryFn: ({ signal }) => call('projects.graph', { project: project! }, signal),
    enabled: project !== undefined,
    staleTime: 0,
  });
}

/** A calendar's closed days from..to (YYYY-MM-DD): fixed facts, asked once per range. */
export function useCalendarDays(calendar: string, from: string, to: string) {
  return useQuery({
    queryKey: launchKeys.closedDays(calendar, from, to),
    queryFn: ({ signal }) => call('calendar.days', { calendar, from, to }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The plan of every request (one per combination of checked partition values), in order; `enabled` once the form is complete. */
export function useRunPreviews(requests: readonly TriggerParams[], enabled: boolean) {
  return useQuery({
    queryKey: launchKeys.preview(requests),
    queryFn: async ({ signal }): Promise<RunPreview[]> => (await Promise.all(requests.map((request) => call('runs.preview', request, signal)))).flatMap((answer) => answer.runs),
    enabled: enabled && requests.length > 0,
    staleTime: 0,
    retry: false,
  });
}

/** Triggers every request; resolves with the ids of all the runs created, in order. */
export function useTriggerRuns() {
  return useMutation({
    mutationFn: async (requests: readonly TriggerParams[]) => (await Promise.all(requests.map((request) => call('runs.trigger', request)))).flatMap((answer) => answer.ids),
  });
}
