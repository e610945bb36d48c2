/** Starting a run of one target from the command palette (runs.trigger with the project's defaults: today's date, its upstream). */
import { useMutation } from '@tanstack/react-query';
import { call } from './client.js';

/** Triggers `target` of `project` (a tickwork.yaml); resolves with the first new run's id (a fan-out creates one per partition). */
export function useStartRun() {
  return useMutation({
    mutationFn: (request: { readonly target: string; readonly project: string }) => call('runs.trigger', { targets: [request.target], project: request.project }),
  });
}
