/**
 * Light/dark theme: follows the OS (prefers-color-scheme) until the user
 * picks one with the toggle; the pick is kept in localStorage. The CSS reads
 * `data-theme` on <html> (absent = follow the OS) through `color-scheme` and
 * light-dark() colours, so switching repaints without re-rendering React.
 */

import type { ThemePreference } from './theme-cycle.js';

const KEY = 'tickwork.theme';

/** The stored preference (system when none or unreadable). */
export function storedTheme(): ThemePreference {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Applies and stores `preference`. */
export function applyTheme(preference: ThemePreference): void {
  const root = document.documentElement;
  if (preference === 'system') delete root.dataset.theme;
  else root.dataset.theme = preference;
  try {
    if (preference === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, preference);
  } catch {
    // storage is off (private window): the choice lasts for this page only
  }
}
