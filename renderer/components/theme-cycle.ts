/** The theme choices and the toggle's cycle (pure: no DOM, tested in vitest). */

/** What the user chose: follow the OS, or a fixed light or dark theme. */
export type ThemePreference = 'system' | 'light' | 'dark';

const ORDER: readonly ThemePreference[] = ['system', 'light', 'dark'];

/** The preference after `current` in the toggle's cycle: system → light → dark → system. */
export function nextTheme(current: ThemePreference): ThemePreference {
  return ORDER[(ORDER.indexOf(current) + 1) % ORDER.length]!;
}
