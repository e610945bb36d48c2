/** The machinery as `tickwork health` reports it: scheduler heartbeat, store size and integrity, each disk, memory, failed schedule slots. */
import { Link } from 'wouter';
import type { HealthReport } from '../../../shared/health-model.js';
import { formatShortTime, formatTimestamp } from '../../format/run-format.js';
import { diskFact, memoryFact, schedulerFact, storeFact, type HealthFact } from './health-format.js';

function Fact({ label, fact }: { readonly label: string; readonly fact: HealthFact }) {
  return (
    <div className={`health-fact tone-${fact.tone}`}>
      <dt>{label}</dt>
      <dd>
        <span className="health-value">
          <span className="tone-mark" aria-hidden="true" />
          {fact.value}
        </span>
        <span className="health-detail">{fact.detail}</span>
      </dd>
    </div>
  );
}

/** See the file comment. */
export function MachineryPanel({ report, now }: { readonly report: HealthReport; readonly now: number }) {
  const failures = report.scheduleFailures;
  return (
    <section className="health-card" aria-labelledby="machinery-title">
      <h2 id="machinery-title">Machinery</h2>
      <dl className="health-facts">
        <Fact label="Scheduler" fact={schedulerFact(report.scheduler)} />
        <Fact label="Store" fact={storeFact(report.store)} />
        {report.disk.map((disk) => (
          <Fact key={disk.path} label="Disk" fact={diskFact(disk)} />
        ))}
        <Fact label="Memory" fact={memoryFact(report.memory)} />
        <div className={`health-fact tone-${failures.length ? 'bad' : 'ok'}`}>
          <dt>Schedules</dt>
          <dd>
            <span className="health-value">
              <span className="tone-mark" aria-hidden="true" />
              {failures.length ? `${failures.length} failed ${failures.length === 1 ? 'slot' : 'slots'}` : 'no failed slot'}
            </span>
            {failures.length > 0 && (
              <ul className="schedule-failures" aria-label="Schedule failures">
                {failures.map((f) => (
                  <li key={f.id}>
                    <strong>{f.title}</strong>: {f.body}{' '}
                    <span className="health-detail" title={formatTimestamp(f.openedAt)}>
                      since {formatShortTime(f.openedAt, now)}
                      {f.count > 1 ? ` · ${f.count}×` : ''} · <Link href="/alerts">alert {f.id}</Link>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
