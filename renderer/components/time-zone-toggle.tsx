/** The header's time-zone switch: exchange, local or UTC, as a radio group (arrow keys move the choice). */
import { useRef, type KeyboardEvent } from 'react';
import { useNow } from './use-now.js';
import { useTimeZone } from './use-time-zone.js';
import { TIME_ZONE_MODES, type TimeZoneMode } from './time-zone.js';
import { zoneAbbreviation } from '../format/zone-format.js';
import './time-zone-toggle.css';

const LABEL: Readonly<Record<TimeZoneMode, string>> = { exchange: 'Exchange', local: 'Local', UTC: 'UTC' };

/** See the file comment. */
export function TimeZoneToggle() {
  const { mode, exchangeZone, localZone, setMode } = useTimeZone();
  const now = useNow(false);
  const group = useRef<HTMLDivElement>(null);
  const zoneFor = (m: TimeZoneMode): string => (m === 'exchange' ? exchangeZone : m === 'local' ? localZone : 'UTC');
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TIME_ZONE_MODES[(TIME_ZONE_MODES.indexOf(mode) + step + TIME_ZONE_MODES.length) % TIME_ZONE_MODES.length]!;
    setMode(next);
    group.current?.querySelector<HTMLButtonElement>(`[data-mode="${next}"]`)?.focus();
  };
  return (
    <div ref={group} role="radiogroup" aria-label="Time zone" className="segmented" onKeyDown={onKeyDown}>
      {TIME_ZONE_MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          data-mode={m}
          aria-checked={m === mode}
          tabIndex={m === mode ? 0 : -1}
          className="segment"
          title={`${zoneFor(m)} (${zoneAbbreviation(now, zoneFor(m))})`}
          onClick={() => setMode(m)}
        >
          {LABEL[m]}
          <span className="segment-sub" aria-hidden="true">{zoneAbbreviation(now, zoneFor(m))}</span>
        </button>
      ))}
    </div>
  );
}
