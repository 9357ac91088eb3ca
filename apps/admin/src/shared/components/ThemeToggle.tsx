import { useState } from 'react';
import { type ThemeChoice, applyTheme, storedTheme } from '../theme';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

/** Light, dark, or whatever the system prefers. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <button
      type="button"
      className="button button--quiet theme-toggle"
      onClick={() => {
        const next = NEXT[choice];
        applyTheme(next);
        setChoice(next);
      }}
    >
      <span className="theme-toggle__glyph" aria-hidden="true">
        ◐
      </span>
      <span className="theme-toggle__text">{LABEL[choice]}</span>
    </button>
  );
}
