/** What the timeline's marks mean, in words beside each swatch (never colour alone). */

const ITEMS: ReadonlyArray<{ readonly swatch: string; readonly label: string }> = [
  { swatch: 'lg-succeeded', label: 'succeeded' },
  { swatch: 'lg-failed', label: 'failed' },
  { swatch: 'lg-running', label: 'running' },
  { swatch: 'lg-cancelled', label: 'cancelled' },
  { swatch: 'lg-fire', label: 'next fire' },
  { swatch: 'lg-fire-paused', label: 'fire skipped (paused)' },
  { swatch: 'lg-slot-skipped', label: 'missed slot' },
  { swatch: 'lg-slot-caught', label: 'caught up → run' },
  { swatch: 'lg-closed', label: 'NYSE closed' },
  { swatch: 'lg-sleep', label: 'laptop asleep' },
  { swatch: 'lg-down', label: 'daemon down' },
];

/** See the file comment. */
export function TimelineLegend() {
  return (
    <ul className="timeline-legend" aria-label="Legend">
      {ITEMS.map((item) => (
        <li key={item.swatch}>
          <span className={`lg ${item.swatch}`} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
