/**
 * A target's schedule as a switch: on while active, off while paused
 * (schedules.pause / resume; the engine records the paused slots as
 * skipped). Its name says whose schedule it is; its text, the state.
 */
import type { ScheduleInfo } from '../../../shared/schedule-model.js';
import { useScheduleSwitch } from '../../api/index.js';

/** See the file comment. */
export function ScheduleSwitch({ schedule, name, zone }: { readonly schedule: ScheduleInfo; readonly name: string; readonly zone: (ms: number) => string }) {
  const toggle = useScheduleSwitch();
  const active = schedule.paused === null;
  const until = schedule.paused?.until ?? null;
  return (
    <span className="schedule-switch">
      <button
        type="button"
        role="switch"
        aria-checked={active}
        aria-label={`Schedule of ${name}`}
        className={`switch ${active ? 'is-on' : 'is-off'}`}
        disabled={toggle.isPending}
        title={active ? `Active: ${schedule.cron} (${schedule.timezone}${schedule.calendar ? `, ${schedule.calendar}` : ''}). Click to pause.` : 'Paused: its slots are recorded as skipped. Click to resume (nothing skipped is caught up).'}
        onClick={() => toggle.mutate({ key: schedule.key, pause: active })}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-text">{active ? 'Active' : until !== null ? `Paused to ${zone(until)}` : 'Paused'}</span>
      </button>
      {toggle.isError && <span className="inline-error" role="alert">{(toggle.error as Error).message}</span>}
    </span>
  );
}
