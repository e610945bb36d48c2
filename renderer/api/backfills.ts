/**
 * The Backfill view's data: the preview of a backfill (how many partitions
 * would run, how many are already done), starting, following, cancelling
 * and retrying one, the list of recent backfills, and the partition matrix
 * of a target. Kept live by backfill-live.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackfillRequest, BackfillStartRequest } from '../../shared/backfill-model.js';
import type { MatrixScope } from '../timeline/partition-matrix.js';
import { call } from './client.js';

/** The keys of the Backfill view's queries. */
export const backfillKeys = {
  all: ['backfills'] as const,
  list: ['backfills', 'list'] as const,
  one: (id: number) => ['backfills', 'get', id] as const,
  scope: (id: number) => ['backfills', 'scope', id] as const,
  preview: (request: BackfillRequest) => ['backfills', 'preview', request] as const,
  /** Every matrix (refreshed together, at most about once a second, while partitions finish). */
  matrices: ['backfills', 'matrix'] as const,
  matrix: (project: string, target: string, from: string, to: string) => ['backfills', 'matrix', project, target, from, to] as const,
};

/** What starting `request` would do; null asks nothing (the form is incomplete). */
export function useBackfillPreview(request: BackfillRequest | null) {
  return useQuery({
    queryKey: backfillKeys.preview(request ?? { target: '', from: '', to: '' }),
    queryFn: ({ signal }) => call('backfills.preview', request!, signal),
    enabled: request !== null,
    staleTime: 0,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** Starts a backfill; resolves with its id. */
export function useStartBackfill() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: BackfillStartRequest) => call('backfills.start', request),
    onSuccess: () => client.invalidateQueries({ queryKey: backfillKeys.list }),
  });
}

/** One backfill with its progress. */
export function useBackfill(id: number) {
  return useQuery({ queryKey: backfillKeys.one(id), queryFn: ({ signal }) => call('backfills.get', { id }, signal), enabled: Number.isSafeInteger(id) && id > 0, retry: false });
}

/** The partitions a backfill covers (fixed when it starts: asked once). */
export function useBackfillScope(id: number) {
  return useQuery({
    queryKey: backfillKeys.scope(id),
    queryFn: async ({ signal }): Promise<MatrixScope> => ((await call('backfills.get', { id, partitions: true }, signal)).partitions ?? []).map((p) => p.partition),
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

/** The newest backfills. */
export function useBackfillList() {
  return useQuery({ queryKey: backfillKeys.list, queryFn: ({ signal }) => call('backfills.list', { limit: 20 }, signal) });
}

/** Cancels a backfill. */
export function useCancelBackfill() {
  return useMutation({ mutationFn: (id: number) => call('backfills.cancel', { id }) });
}

/** Runs a finished backfill's failed, cancelled and never-started partitions again. */
export function useRetryBackfill() {
  return useMutation({ mutationFn: (id: number) => call('backfills.retryFailed', { id }) });
}

/** Dates × static values of `target` from..to, the latest run per cell; the previous matrix stays shown while another loads. */
export function usePartitionMatrix(request: { readonly project: string; readonly target: string; readonly from: string; readonly to: string } | null) {
  return useQuery({
    queryKey: request ? backfillKeys.matrix(request.project, request.target, request.from, request.to) : ['backfills', 'matrix', 'none'],
    queryFn: ({ signal }) => call('partitions.matrix', request!, signal),
    enabled: request !== null,
    retry: false,
    placeholderData: keepPreviousData,
  });
}
