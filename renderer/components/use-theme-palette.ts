/**
 * A canvas palette read from CSS variables under a host element, read again
 * whenever the theme changes (the OS scheme, or the header's toggle setting
 * `data-theme`). Shared by the Gantt and the schedule timeline.
 */
import { useLayoutEffect, useState } from 'react';

/** `read(host)` now and after every theme change; null until the host is mounted. */
export function useThemePalette<T>(host: HTMLElement | null, read: (host: HTMLElement) => T): T | null {
  const [palette, setPalette] = useState<T | null>(null);
  // Read before the browser paints, so the first frame already has the chart.
  useLayoutEffect(() => {
    if (!host) return;
    const update = () => setPalette(read(host));
    update();
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media.removeEventListener('change', update);
      observer.disconnect();
    };
  }, [host, read]);
  return palette;
}
