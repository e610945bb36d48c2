/**
 * The time-zone choice every view reads: the exchange's zone (the served
 * project's `timezone`), this machine's, or UTC. Kept in localStorage and
 * shared through a tiny store, so flipping it in the header re-renders every
 * view that shows times (use-time-zone.ts).
 */

/** What the toggle offers. */
export type TimeZoneMode = 'exchange' | 'local' | 'UTC';

/** The modes in the toggle's order. */
export const TIME_ZONE_MODES: readonly TimeZoneMode[] = ['exchange', 'local', 'UTC'];

const KEY = 'tickwork.timezone';

/** The IANA zone a mode stands for. */
export function zoneOf(mode: TimeZoneMode, exchangeZone: string, localZone: string): string {
  return mode === 'exchange' ? exchangeZone : mode === 'local' ? localZone : 'UTC';
}

/** The zone this machine's clock shows. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function stored(): TimeZoneMode {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'local' || value === 'UTC' ? value : 'exchange';
  } catch {
    return 'exchange';
  }
}

let current: TimeZoneMode | null = null;
const listeners = new Set<() => void>();

/** The chosen mode (exchange until the user picks another). */
export function timeZoneMode(): TimeZoneMode {
  current ??= stored();
  return current;
}

/** Chooses a mode, keeps it, and tells every subscriber. */
export function setTimeZoneMode(mode: TimeZoneMode): void {
  current = mode;
  try {
    if (mode === 'exchange') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, mode);
  } catch {
    // storage is off: the choice lasts for this page
  }
  for (const listener of listeners) listener();
}

/** Subscribes to changes of the mode; returns the unsubscribe function. */
export function subscribeTimeZoneMode(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
