/**
 * A target's last runs as a tiny SVG bar chart: one bar per run, oldest on
 * the left, height by duration, colour by state. Thirty rects need no chart
 * library (uPlot would add ~45 KB for this); its name reads the figures out.
 */
import type { SparkBar } from './overview-rows.js';
import { formatDuration } from '../../format/run-format.js';

const BAR = 4;
const GAP = 1;
const HEIGHT = 20;

/** What a screen reader hears instead of the bars. */
export function sparklineText(bars: readonly SparkBar[]): string {
  if (bars.length === 0) return 'No runs yet';
  const finished = bars.filter((b) => b.durationMs !== null).map((b) => b.durationMs!).sort((a, b) => a - b);
  const failed = bars.filter((b) => b.state === 'failed').length;
  const median = finished.length ? formatDuration(finished[Math.floor(finished.length / 2)]!) : '—';
  const last = bars[bars.length - 1]!;
  return `${bars.length === 1 ? 'Last run' : `Last ${bars.length} runs`}: median ${median}, last ${formatDuration(last.durationMs)}${failed ? `, ${failed} failed` : ''}`;
}

/** See the file comment. */
export function DurationSparkline({ bars, slots = 30 }: { readonly bars: readonly SparkBar[]; readonly slots?: number }) {
  const width = slots * (BAR + GAP) - GAP;
  const offset = (slots - bars.length) * (BAR + GAP);
  return (
    <svg className="sparkline" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={sparklineText(bars)}>
      <line className="sparkline-base" x1={0} x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {bars.map((bar, i) => {
        const h = bar.durationMs === null ? 2 : Math.max(2, Math.round(bar.share * (HEIGHT - 2)));
        return <rect key={bar.runId} className={`spark-bar spark-${bar.state}`} x={offset + i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} rx={1} />;
      })}
    </svg>
  );
}
