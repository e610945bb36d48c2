/**
 * How alerts read in the Alerts view (pure; tested in vitest): rule names,
 * what a person did about an alert, and the snooze choices — one hour, or
 * until 06:00 tomorrow in the project's zone, whatever the laptop's zone.
 */
import { attentionOf, type AlertRecord, type AlertRule } from '../../../shared/alert-model.js';
import { zonedWallToUtc } from '../../../shared/zone-offset.js';

/** Each rule in words. */
export const RULE_LABELS: Readonly<Record<AlertRule, string>> = {
  run_failed: 'Run failed',
  retries_exhausted: 'Retries exhausted',
  stale: 'Stale',
  error_rate: 'Error rate',
  long_running: 'Long running',
  stuck: 'Stuck',
  config_invalid: 'Config invalid',
  schedule_failed: 'Schedule failed',
};

/** The hour of the morning "until tomorrow" snoozes to. */
export const MORNING_HOUR = 6;

const HOUR_MS = 3_600_000;

/** A choice of the Snooze menu: its words, and how long it snoozes from `now`. */
export interface SnoozeChoice {
  readonly id: 'hour' | 'tomorrow';
  readonly label: string;
  readonly forMs: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallParts(ms: number, timeZone: string): { year: number; month: number; day: number; weekday: string; hour: string; minute: string } {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallFormats.set(timeZone, format);
  }
  const p: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) p[part.type] = part.value;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), weekday: p.weekday ?? '', hour: p.hour ?? '', minute: p.minute ?? '' };
}

/** The instant of `hour`:00 on the day after `now`'s date in `timeZone` (a DST gap reads as just after it). */
export function tomorrowAt(now: number, timeZone: string, hour = MORNING_HOUR): number {
  const today = wallParts(now, timeZone);
  return zonedWallToUtc(Date.UTC(today.year, today.month - 1, today.day + 1, hour), timeZone);
}

/** `Wed 06:00 EST`: a moment as the Snooze menu and the attention column show it, in `timeZone`. */
export function weekdayTime(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  const zone = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${p.weekday} ${p.hour}:${p.minute} ${zone}`;
}

/** The Snooze menu's choices at `now`, for an alert of a project in `timeZone`. */
export function snoozeChoices(now: number, timeZone: string): SnoozeChoice[] {
  const morning = tomorrowAt(now, timeZone);
  return [
    { id: 'hour', label: 'For 1 hour', forMs: HOUR_MS },
    { id: 'tomorrow', label: `Until tomorrow ${String(MORNING_HOUR).padStart(2, '0')}:00 (${weekdayTime(morning, timeZone)})`, forMs: morning - now },
  ];
}

/** What the State column says: resolved, or open and acknowledged / snoozed until … / needs attention. */
export function alertStatusText(alert: AlertRecord, now: number, timeZone: string): string {
  if (alert.state === 'resolved') return 'resolved';
  const attention = attentionOf(alert, now);
  if (attention === 'acknowledged') return 'acknowledged';
  if (attention === 'snoozed') return `snoozed until ${weekdayTime(alert.snoozedUntil!, timeZone)}`;
  return 'open';
}

/** The alert's partition key (`date=2024-03-01,region=eu`, as the store writes it) as the Runs view shows one: `2024-03-01 · region=eu`; `—` for none. */
export function partitionKeyText(key: string | null): string {
  const parts = (key ?? '')
    .split(',')
    .filter((pair) => pair && pair !== 'date=')
    .map((pair) => (pair.startsWith('date=') ? pair.slice(5) : pair));
  return parts.length ? parts.join(' · ') : '—';
}
