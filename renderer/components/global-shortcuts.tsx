/**
 * The keyboard shortcuts' wiring: one keydown listener on the window feeds
 * the pure matcher (shortcuts.ts) and does what a match asks — open the
 * palette or the cheat sheet, go to a view, focus the view's search field.
 * It listens last (window, bubbling), so a view that handles a key itself
 * (the log viewer's `/`) calls preventDefault and wins. While a dialog is
 * open only the palette chord works; the dialog owns the other keys.
 * Renders the two global dialogs.
 */
import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import { IDLE, isTypingTarget, matchKey, type MatcherState, type ShortcutId } from './shortcuts.js';
import { currentOverlay, openOverlay } from './command-state.js';
import { CommandPalette } from './command-palette.js';
import { ShortcutSheet } from './shortcut-sheet.js';
import './command.css';

/** Where each go-to shortcut leads. */
const GO_TO: Partial<Readonly<Record<ShortcutId, string>>> = { 'go-overview': '/', 'go-runs': '/runs', 'go-alerts': '/alerts', 'go-health': '/health' };

/** The shown view's search field, if it has one. */
function viewSearchField(): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>('main [role="searchbox"], main input[type="search"]');
}

/** See the file comment. */
export function GlobalShortcuts() {
  const [, navigate] = useLocation();
  const state = useRef<MatcherState>(IDLE);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const dialogOpen = document.querySelector('[role="dialog"], [role="alertdialog"]') !== null;
      const typing = dialogOpen || isTypingTarget(event.target as Element | null);
      const result = matchKey(state.current, event, { now: event.timeStamp, typing });
      state.current = result.state;
      const shortcut = result.shortcut;
      if (!shortcut) {
        if (result.handled) event.preventDefault(); // the first key of a sequence types nothing
        return;
      }
      if (shortcut.id === 'search') {
        const field = viewSearchField();
        if (!field) return; // nothing to search here: the key does what it would
        field.focus();
        field.select();
      } else if (shortcut.id === 'palette') {
        openOverlay(currentOverlay() === 'palette' ? null : 'palette'); // the chord toggles it
      } else if (shortcut.id === 'cheat-sheet') {
        openOverlay('cheat-sheet');
      } else {
        const to = GO_TO[shortcut.id];
        if (to) navigate(to);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate]);
  return (
    <>
      <CommandPalette />
      <ShortcutSheet />
    </>
  );
}
