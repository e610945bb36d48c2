/**
 * The Alerts and Health views' data, and the header bell's: open alerts
 * (one query shared by the bell and the view), recent resolved ones, the
 * acknowledge and snooze transitions, and the health report. Alert events
 * refetch both (live-cache.ts); a config_invalid alert is what tells the
 * Health view that a project file became invalid or loads again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client.js';
import { queryKeys } from './query-keys.js';

/** Open alerts asked for at most (the bell says `N+` beyond). */
export const OPEN_ALERT_LIMIT = 500;
/** Alerts (open and resolved, newest first) the view's history shows. */
export const ALERT_HISTORY_LIMIT = 200;

/** Every open alert, newest first. */
export function useOpenAlerts() {
  return useQuery({
    queryKey: [...queryKeys.alerts, 'open'],
    queryFn: ({ signal }) => call('alerts.list', { limit: OPEN_ALERT_LIMIT }, signal),
  });
}

/** The newest alerts, open and resolved (alerts.list with all). */
export function useAlertHistory() {
  return useQuery({
    queryKey: [...queryKeys.alerts, 'all'],
    queryFn: ({ signal }) => call('alerts.list', { all: true, limit: ALERT_HISTORY_LIMIT }, signal),
  });
}

/** Acknowledges or snoozes an alert (the engine decides; the event stream tells every view, this refetches at once too). */
export function useAlertAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: { readonly id: number } & ({ readonly kind: 'ack' } | { readonly kind: 'snooze'; readonly forMs: number })) =>
      request.kind === 'ack' ? call('alerts.ack', { id: request.id }) : call('alerts.snooze', { id: request.id, forMs: request.forMs }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.alerts }),
  });
}

/** `tickwork health` plus invalid project files (health.get), refetched on alert events or on `refetch()`. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => call('health.get', {}, signal),
  });
}
