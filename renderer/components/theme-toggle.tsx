/** The header's theme button: cycles follow-the-OS, light and dark; its name says the current choice. */
import { useState } from 'react';
import { applyTheme, storedTheme } from './theme.js';
import { nextTheme, type ThemePreference } from './theme-cycle.js';

const LABEL: Readonly<Record<ThemePreference, string>> = { system: 'System', light: 'Light', dark: 'Dark' };

/** See the file comment. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<ThemePreference>(storedTheme);
  const next = nextTheme(theme);
  return (
    <button
      type="button"
      className="button button-quiet"
      aria-label={`Theme: ${LABEL[theme]} (switch to ${LABEL[next]})`}
      title={`Theme: ${LABEL[theme]}. Click for ${LABEL[next]}.`}
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
    >
      <span aria-hidden="true" className={`theme-icon theme-icon-${theme}`} />
      {LABEL[theme]}
    </button>
  );
}
