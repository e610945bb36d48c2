/** One served project's pipelines over the report's window: last success, freshness, error rate, average and p95 duration; each links to its runs. */
import { Link } from 'wouter';
import type { PipelineHealth } from '../../../shared/health-model.js';
import { formatShortTime, formatTimestamp } from '../../format/run-format.js';
import { durationText, errorRateText, freshnessText, windowText, type Tone } from './health-format.js';

/** What the table shows: the project, its pipelines, the report's window and time, whether several projects are served. */
export interface PipelineHealthTableProps {
  readonly project: { readonly name: string; readonly file: string; readonly pipelines: readonly PipelineHealth[] };
  readonly windowMs: number;
  readonly now: number;
  readonly severalProjects: boolean;
}

function Toned({ tone, text }: { readonly tone: Tone | null; readonly text: string }) {
  return tone === null ? <span className="faint">{text}</span> : <span className={`toned tone-${tone}`}>{text}</span>;
}

/** See the file comment. */
export function PipelineHealthTable({ project, windowMs, now, severalProjects }: PipelineHealthTableProps) {
  const runsOf = (pipeline: string) => `/runs?${new URLSearchParams({ ...(severalProjects ? { project: project.file } : {}), pipeline }).toString()}`;
  return (
    <section className="health-card health-pipelines" aria-labelledby={`pipelines-${project.name}`}>
      <h2 id={`pipelines-${project.name}`}>
        Pipelines of {project.name} <span className="title-sub">last {windowText(windowMs)}</span>
      </h2>
      {project.pipelines.length === 0 ? (
        <p className="empty">This project has no pipelines.</p>
      ) : (
        <table className="data-table health-table" aria-label={`Pipeline health of ${project.name}`}>
          <thead>
            <tr>
              <th scope="col">Pipeline</th>
              <th scope="col">Last success</th>
              <th scope="col">Freshness</th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                Avg
              </th>
              <th scope="col" className="num">
                p95
              </th>
            </tr>
          </thead>
          <tbody>
            {project.pipelines.map((p) => (
              <tr key={p.pipeline} className={p.stale ? 'is-stale' : undefined}>
                <td>
                  <Link href={runsOf(p.pipeline)} className="task-name">
                    {p.pipeline}
                  </Link>
                </td>
                <td title={p.lastSuccessAt === null ? undefined : formatTimestamp(p.lastSuccessAt)}>{p.lastSuccessAt === null ? <span className="faint">never</span> : formatShortTime(p.lastSuccessAt, now)}</td>
                <td>
                  <Toned {...freshnessText(p)} />
                </td>
                <td className="num">
                  <Toned {...errorRateText(p)} />
                </td>
                <td className="num">{durationText(p.avgMs)}</td>
                <td className="num">{durationText(p.p95Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
