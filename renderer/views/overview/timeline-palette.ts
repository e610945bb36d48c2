/**
 * The schedule timeline's colours for the canvas, read from the theme's CSS
 * variables (a probe element resolves light-dark()), read again when the OS
 * scheme or the theme toggle (<html data-theme>) changes.
 */
import { useThemePalette } from '../../components/use-theme-palette.js';
import type { RunState } from '../../../shared/state-machines.js';

/** Resolved colours the canvas paints with. */
export interface TimelinePalette {
  readonly states: Readonly<Record<RunState, string>>;
  readonly surface: string;
  readonly rowAlt: string;
  readonly border: string;
  readonly borderStrong: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly accent: string;
  readonly focus: string;
  readonly closed: string;
  readonly sleep: string;
  readonly down: string;
  readonly clock: string;
  readonly paused: string;
  readonly skipped: string;
  readonly font: string;
  readonly mono: string;
}

const STATE_VARS: Readonly<Record<RunState, string>> = {
  queued: '--st-queued',
  running: '--st-running',
  succeeded: '--st-succeeded',
  failed: '--st-failed',
  cancelled: '--st-cancelled',
};

/** Reads the palette under `host`. */
export function readTimelinePalette(host: HTMLElement): TimelinePalette {
  const probe = document.createElement('span');
  probe.hidden = true;
  host.appendChild(probe);
  const resolve = (variable: string): string => {
    probe.style.color = `var(${variable})`;
    return getComputedStyle(probe).color;
  };
  try {
    return {
      states: Object.fromEntries(Object.entries(STATE_VARS).map(([state, v]) => [state, resolve(v)])) as Record<RunState, string>,
      surface: resolve('--surface'),
      rowAlt: resolve('--row-alt'),
      border: resolve('--border'),
      borderStrong: resolve('--border-strong'),
      text: resolve('--text'),
      muted: resolve('--muted'),
      faint: resolve('--faint'),
      accent: resolve('--accent'),
      focus: resolve('--focus'),
      closed: resolve('--tl-closed'),
      sleep: resolve('--tl-sleep'),
      down: resolve('--tl-down'),
      clock: resolve('--st-waiting'),
      paused: resolve('--st-skipped'),
      skipped: resolve('--st-upstream_failed'),
      font: getComputedStyle(host).fontFamily,
      mono: getComputedStyle(document.documentElement).getPropertyValue('--mono').trim(),
    };
  } finally {
    probe.remove();
  }
}

/** The palette under `host`, kept current across theme changes (null until mounted). */
export function useTimelinePalette(host: HTMLElement | null): TimelinePalette | null {
  return useThemePalette(host, readTimelinePalette);
}
