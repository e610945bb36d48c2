/**
 * Which global overlay is open — the command palette or the shortcut cheat
 * sheet (at most one) — in a tiny store, so the keyboard shortcuts and the
 * header's buttons open the same dialogs.
 */
import { useSyncExternalStore } from 'react';

/** The overlay shown, or null. */
export type GlobalOverlay = 'palette' | 'cheat-sheet' | null;

let current: GlobalOverlay = null;
const listeners = new Set<() => void>();

/** Shows `overlay` (null closes whichever is open). */
export function openOverlay(overlay: GlobalOverlay): void {
  if (overlay === current) return;
  current = overlay;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The overlay shown now (outside React). */
export function currentOverlay(): GlobalOverlay {
  return current;
}

/** The overlay shown now, re-rendering when it changes. */
export function useOverlay(): GlobalOverlay {
  return useSyncExternalStore(subscribe, () => current);
}

/** True on a Mac, where the palette's chord is ⌘K. */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent);
}
