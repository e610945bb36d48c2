/**
 * The Gantt's colours for the canvas, read from the theme's CSS variables
 * (light-dark() resolved by the page's colour scheme), and read again when
 * the OS scheme or the theme toggle (<html data-theme>) changes.
 */
import { useThemePalette } from '../../components/use-theme-palette.js';
import type { SegmentKind } from '../../timeline/gantt-geometry.js';

/** Resolved colours the canvas paints with. */
export interface GanttPalette {
  readonly kinds: Readonly<Record<SegmentKind, string>>;
  readonly surface: string;
  readonly rowAlt: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly focus: string;
  readonly now: string;
  readonly font: string;
}

const KIND_VARS: Readonly<Record<SegmentKind, string>> = {
  waiting: '--gantt-waiting',
  retry_wait: '--st-waiting',
  running: '--st-running',
  succeeded: '--st-succeeded',
  failed: '--st-failed',
  timed_out: '--st-failed',
  lost: '--st-failed',
  cancelled: '--st-cancelled',
  cached: '--st-cached',
  upstream_failed: '--st-upstream_failed',
  skipped: '--st-skipped',
};

/** Reads the palette under `host` (a probe element takes each colour, so light-dark() comes back resolved). */
export function readPalette(host: HTMLElement): GanttPalette {
  const probe = document.createElement('span');
  probe.hidden = true;
  host.appendChild(probe);
  const resolve = (variable: string): string => {
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  };
  try {
    const kinds = Object.fromEntries(Object.entries(KIND_VARS).map(([kind, variable]) => [kind, resolve(variable)])) as Record<SegmentKind, string>;
    return {
      kinds,
      surface: resolve('--surface'),
      rowAlt: resolve('--row-alt'),
      border: resolve('--border'),
      text: resolve('--text'),
      muted: resolve('--muted'),
      faint: resolve('--faint'),
      focus: resolve('--focus'),
      now: resolve('--accent'),
      font: getComputedStyle(host).fontFamily,
    };
  } finally {
    probe.remove();
  }
}

/** The palette under `host`, kept current across theme changes (null until the host is mounted). */
export function useGanttPalette(host: HTMLElement | null): GanttPalette | null {
  return useThemePalette(host, readPalette);
}
