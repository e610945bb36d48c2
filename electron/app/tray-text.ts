/**
 * Times as the tray says them: ages ("3m ago") and countdowns ("in 2h 14m")
 * in the dashboard's duration words (shared/durations.ts), and the pause
 * deadlines of the Pause schedules ▸ menu, in the laptop's local time (a
 * person pausing "until 06:00" means their clock).
 */
import { humanDuration } from '../../shared/durations.js';

/** The deadlines Pause schedules ▸ offers. */
export type PauseChoice = '1h' | '06:00' | 'resume-manually';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Whole minutes as the dashboard says durations (shared/durations.ts): `4m`, `2h 14m`, `26h`, `2d 4h`. */
export function spokenMinutes(minutes: number): string {
  return humanDuration(minutes * MINUTE);
}

/** How long ago `at` was: `just now` under a minute, else `3m ago` (minutes rounded down). */
export function spokenAge(at: number, now: number): string {
  const ms = Math.max(0, now - at);
  return ms < MINUTE ? 'just now' : `${spokenMinutes(Math.floor(ms / MINUTE))} ago`;
}

/** How long until `at`: `in under a minute`, else `in 2h 14m` (minutes rounded up, so it never says 0 before the fire). */
export function spokenCountdown(at: number, now: number): string {
  const ms = at - now;
  return ms < MINUTE ? 'in under a minute' : `in ${spokenMinutes(Math.ceil(ms / MINUTE))}`;
}

/** The next 06:00 local after `now` (this morning's when it is still before 06:00). */
export function nextSixAm(now: number): number {
  const date = new Date(now);
  const today = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 6, 0, 0, 0).getTime();
  if (today > now) return today;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, 6, 0, 0, 0).getTime();
}

/** True when two instants fall on the same local calendar day. */
export function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** The `until` schedules.pause gets for a choice: UTC ms, or null for until resumed. */
export function pauseDeadline(choice: PauseChoice, now: number): number | null {
  switch (choice) {
    case '1h':
      return now + HOUR;
    case '06:00':
      return nextSixAm(now);
    case 'resume-manually':
      return null;
  }
}

/** A local clock time as `06:00`, prefixed `tomorrow` or with the date when not today. */
export function spokenClock(at: number, now: number): string {
  const date = new Date(at);
  const hhmm = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (sameLocalDay(at, now)) return hhmm;
  const today = new Date(now);
  // The calendar's next day, not now + 24 h (a DST day is 23 or 25 hours long).
  if (sameLocalDay(at, new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1, 12).getTime())) return `tomorrow ${hhmm}`;
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')} ${hhmm}`;
}
