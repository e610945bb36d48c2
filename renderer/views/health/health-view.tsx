/**
 * /health: what `tickwork health` says — the machinery, each served
 * project's pipelines — and, first when there are any, the problems of
 * project files whose last edit is invalid (the daemon keeps their last good
 * config). Alert events (config_invalid among them) and finished runs
 * refresh it; Refresh asks again (the heartbeat and disk figures move on
 * their own, without events).
 */
import { Button } from 'react-aria-components';
import { useHealth } from '../../api/index.js';
import { formatTimestamp } from '../../format/run-format.js';
import { ConfigProblems } from './config-problems.js';
import { MachineryPanel } from './machinery-panel.js';
import { PipelineHealthTable } from './pipeline-health-table.js';
import './health.css';

/** See the file comment. */
export function HealthView() {
  const health = useHealth();
  const answer = health.data;
  return (
    <section className="view view-health" aria-labelledby="health-title">
      <div className="view-head">
        <h1 id="health-title">Health</h1>
        <span className="view-count" aria-live="polite">
          {health.isPending ? 'Checking…' : answer ? `report of ${formatTimestamp(answer.report.at)}` : ''}
        </span>
        <Button className="button button-small health-refresh" isDisabled={health.isFetching} onPress={() => void health.refetch()}>
          {health.isFetching && !health.isPending ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      {health.isError && (
        <p className="empty" role="alert">
          Could not load the health report: {(health.error as Error).message}
        </p>
      )}
      {answer && (
        <div className="health-grid">
          <ConfigProblems files={answer.configProblems} />
          <MachineryPanel report={answer.report} now={answer.report.at} />
          {answer.projects.map((project) => (
            <PipelineHealthTable key={project.file} project={project} windowMs={answer.report.windowMs} now={answer.report.at} severalProjects={answer.projects.length > 1} />
          ))}
        </div>
      )}
    </section>
  );
}
