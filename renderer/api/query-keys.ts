/** The query cache's keys, one place, so events invalidate exactly what they change. */
import type { RunListFilters } from '../../shared/api-contract.js';

/** Keys of every cached query. */
export const queryKeys = {
  /** Every Runs list (any filters). */
  runLists: ['runs', 'list'] as const,
  runList: (filters: RunListFilters) => ['runs', 'list', filters] as const,
  run: (id: number) => ['runs', 'get', id] as const,
  projects: ['projects'] as const,
  alerts: ['alerts'] as const,
};
