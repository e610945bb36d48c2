/**
 * The Overview's data: every pipeline and job's summary, the schedules with
 * their next fires, the timeline's runs, periods and closed days for the
 * window shown, and the transitions its buttons ask for (runs.trigger,
 * schedules.pause / resume). Kept live by overview-live.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { decodeTimelineRuns } from '../../shared/timeline-columns.js';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';

/** Fires asked for per schedule: what the timeline's 48 hours can hold for all but a seconds cron. */
export const SCHEDULE_FIRES = 100;
const HOUR = 3_600_000;

/** A window widened to whole hours, so panning inside it asks for nothing new. */
export function loadedRange(from: number, to: number): { from: number; to: number } {
  return { from: Math.floor(from / HOUR) * HOUR, to: Math.ceil(to / HOUR) * HOUR + HOUR };
}

/** Every pipeline and job of the served projects with its newest 30 runs, freshness and open alerts. */
export function useTargetSummaries() {
  return useQuery({ queryKey: queryKeys.overviewTargets, queryFn: ({ signal }) => call('overview.targets', {}, signal) });
}

/** Every schedule with its next fires and pause. */
export function useSchedules() {
  return useQuery({ queryKey: queryKeys.schedules, queryFn: ({ signal }) => call('schedules.list', { next: SCHEDULE_FIRES }, signal) });
}

/**
 * The runs drawn in [from, to) (a range from loadedRange), decoded from the
 * columnar answer once; the previous window's stay shown while a new one
 * loads. No structural sharing: comparing 10,000 runs with the last answer
 * costs more than it saves (overview-live.ts replaces runs by merging).
 */
export function useTimelineRuns(from: number, to: number) {
  return useQuery({
    queryKey: queryKeys.timelineRuns(from, to),
    queryFn: async ({ signal }) => decodeTimelineRuns(await call('timeline.runs', { from, to }, signal)),
    placeholderData: keepPreviousData,
    structuralSharing: false,
  });
}

/** Sleeps, daemon-down gaps, clock changes and missed slots in [from, to). */
export function useTimelinePeriods(from: number, to: number) {
  return useQuery({ queryKey: queryKeys.timelinePeriods(from, to), queryFn: ({ signal }) => call('timeline.periods', { from, to }, signal), placeholderData: keepPreviousData });
}

/** NYSE's closed days from..to (YYYY-MM-DD): they never change, so they are asked for once per range. */
export function useClosedDays(from: string, to: string) {
  return useQuery({ queryKey: queryKeys.closedDays(from, to), queryFn: ({ signal }) => call('calendar.days', { calendar: 'NYSE', from, to }, signal), placeholderData: keepPreviousData });
}

/** Starts a run of one target now (runs.trigger: today's partition, fanned out over static keys); resolves with the created ids. */
export function useTriggerTarget() {
  return useMutation({ mutationFn: (request: { readonly project: string; readonly target: string }) => call('runs.trigger', { project: request.project, targets: [request.target] }) });
}

/** Pauses or resumes a schedule; the schedules are asked for again at once (the `schedule` event refreshes every other page). */
export function useScheduleSwitch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: { readonly key: string; readonly pause: boolean }) => (request.pause ? call('schedules.pause', { key: request.key }) : call('schedules.resume', { key: request.key })),
    onSuccess: () => client.refetchQueries({ queryKey: queryKeys.schedules }),
  });
}

/** Asks the schedules and the timeline's slots again (a fire time passed: the slot fired, or was skipped while paused). */
export function useRefreshSchedules() {
  const client = useQueryClient();
  return () => {
    void client.refetchQueries({ queryKey: queryKeys.schedules, type: 'active' });
    void client.refetchQueries({ queryKey: ['overview', 'timeline-periods'], type: 'active' });
  };
}
