/** The time zone views show times in (the header's toggle), resolved to an IANA name. */
import { useSyncExternalStore } from 'react';
import { useProjects } from '../api/index.js';
import { machineZone, setTimeZoneMode, subscribeTimeZoneMode, timeZoneMode, zoneOf, type TimeZoneMode } from './time-zone.js';

/** The zone assumed before the daemon names one (the NYSE's). */
const DEFAULT_EXCHANGE_ZONE = 'America/New_York';

/** What a view needs to show times. */
export interface TimeZoneChoice {
  readonly mode: TimeZoneMode;
  /** The zone times are shown in. */
  readonly zone: string;
  /** The exchange's zone: the first served project's `timezone`. */
  readonly exchangeZone: string;
  readonly localZone: string;
  readonly setMode: (mode: TimeZoneMode) => void;
}

/** See the file comment. */
export function useTimeZone(): TimeZoneChoice {
  const mode = useSyncExternalStore(subscribeTimeZoneMode, timeZoneMode);
  const projects = useProjects();
  const exchangeZone = projects.data?.[0]?.timezone ?? DEFAULT_EXCHANGE_ZONE;
  const localZone = machineZone();
  return { mode, zone: zoneOf(mode, exchangeZone, localZone), exchangeZone, localZone, setMode: setTimeZoneMode };
}
