/**
 * / — the Overview: the schedule timeline above a table of every pipeline
 * and job of the served projects, in the header's time zone, live from the
 * event stream. When a schedule's next fire passes, its schedule and the
 * timeline's slots are asked for again (the slot fired, or a pause skipped
 * it); otherwise nothing is fetched while nothing happens.
 */
import { useEffect, useMemo, useState } from 'react';
import { useRefreshSchedules, useSchedules, useTargetSummaries } from '../../api/index.js';
import { useTimeZone } from '../../components/use-time-zone.js';
import { overviewRows } from './overview-rows.js';
import { ScheduleTimeline } from './schedule-timeline.js';
import { TargetTable } from './target-table.js';
import './overview.css';

/** The clock of the view: every second while something runs (durations), else every 15 s (relative times, the Now line). */
function useClock(fast: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), fast ? 1_000 : 15_000);
    return () => clearInterval(timer);
  }, [fast]);
  return now;
}

/** See the file comment. */
export function OverviewView() {
  const targets = useTargetSummaries();
  const schedules = useSchedules();
  const refreshSchedules = useRefreshSchedules();
  const tz = useTimeZone();
  const running = (targets.data ?? []).some((t) => t.recent[0] && (t.recent[0].state === 'running' || t.recent[0].state === 'queued'));
  const now = useClock(running);
  const rows = useMemo(() => overviewRows(targets.data ?? [], schedules.data ?? [], now), [targets.data, schedules.data, now]);

  // The soonest fire of any schedule: once it passes, ask what became of it.
  const soonest = Math.min(...(schedules.data ?? []).map((s) => s.nextFires[0] ?? Infinity));
  useEffect(() => {
    if (!Number.isFinite(soonest)) return;
    const timer = setTimeout(refreshSchedules, Math.max(250, soonest - Date.now() + 750));
    return () => clearTimeout(timer);
  }, [soonest]); // eslint-disable-line react-hooks/exhaustive-deps

  const list = targets.data ?? [];
  const scheduled = list.filter((t) => t.scheduleKey !== null).length;
  const paused = (schedules.data ?? []).filter((s) => s.paused !== null).length;
  const stale = list.filter((t) => t.stale).length;
  const error = targets.error ?? schedules.error;
  return (
    <section className="view view-overview" aria-labelledby="overview-title">
      <div className="view-head">
        <h1 id="overview-title">Overview</h1>
        <span className="view-count" aria-live="polite">
          {targets.isPending
            ? 'Loading…'
            : `${list.length} targets · ${scheduled} scheduled${paused ? ` (${paused} paused)` : ''}${stale ? ` · ${stale} stale` : ''} · times in ${tz.zone}`}
        </span>
      </div>
      {error ? (
        <p className="empty" role="alert">
          Could not load the overview: {(error as Error).message}
        </p>
      ) : (
        <>
          <ScheduleTimeline targets={list} schedules={schedules.data ?? []} now={now} zone={tz.zone} />
          {!targets.isPending && list.length === 0 ? (
            <p className="empty">The daemon serves no project. Start it with tickwork up --project DIR.</p>
          ) : (
            <div className="overview-table-wrap">
              <TargetTable rows={rows} now={now} tz={tz} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
