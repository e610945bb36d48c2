/** /runs: every run, newest first, filtered by the URL's query, live from the event stream. */
import { useCallback, useMemo } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { RunListFilters } from '../../../shared/api-contract.js';
import { flattenRunPages, useProjects, useRunList } from '../../api/index.js';
import { useNow } from '../../components/use-now.js';
import { RunsFilterBar } from './runs-filter-bar.js';
import { RunsTable } from './runs-table.js';
import { filtersFromSearch, searchFromFilters } from './run-filters.js';

/** See the file comment. */
export function RunsView() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const list = useRunList(filters);
  const runs = useMemo(() => flattenRunPages(list.data?.pages ?? []), [list.data]);
  const now = useNow(runs.some((run) => run.state === 'running'));
  const setFilters = useCallback(
    (next: RunListFilters) => {
      const query = searchFromFilters(next);
      navigate(query ? `/runs?${query}` : '/runs', { replace: true });
    },
    [navigate],
  );
  const loadMore = useCallback(() => void list.fetchNextPage(), [list.fetchNextPage]); // eslint-disable-line react-hooks/exhaustive-deps
  const filtered = Object.keys(filters).length > 0;
  const projects = useProjects();
  const project = filters.project ? (projects.data?.find((p) => p.file === filters.project)?.name ?? filters.project) : null;
  return (
    <section className="view view-runs" aria-labelledby="runs-title">
      <div className="view-head">
        <h1 id="runs-title">Runs</h1>
        <span className="view-count" aria-live="polite">
          {list.isPending ? 'Loading…' : `${runs.length.toLocaleString()}${list.hasNextPage ? '+' : ''} ${runs.length === 1 ? 'run' : 'runs'}${filtered ? ' matching' : ''}`}
        </span>
        {project && (
          <span className="view-count">
            of project <strong>{project}</strong> · <Link href={`/runs?${searchFromFilters({ ...filters, project: undefined })}`}>all projects</Link>
          </span>
        )}
      </div>
      <RunsFilterBar filters={filters} onChange={setFilters} />
      {list.isError ? (
        <p className="empty" role="alert">
          Could not load runs: {(list.error as Error).message}
        </p>
      ) : !list.isPending && runs.length === 0 ? (
        <p className="empty">{filtered ? 'No run matches these filters.' : 'No runs yet. Start one with tickwork run, or wait for a schedule.'}</p>
      ) : (
        <RunsTable runs={runs} hasMore={list.hasNextPage} loadingMore={list.isFetchingNextPage} loadMore={loadMore} now={now} />
      )}
    </section>
  );
}
