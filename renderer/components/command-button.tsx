/** The header's way into the command palette (also Ctrl/⌘K), and into the shortcut cheat sheet (also `?`). */
import { Button } from 'react-aria-components';
import { isMac, openOverlay } from './command-state.js';

/** See the file comment. */
export function CommandButton() {
  const chord = isMac() ? '⌘K' : 'Ctrl+K';
  return (
    <span className="command-buttons">
      <Button className="button command-button" aria-keyshortcuts={isMac() ? 'Meta+K' : 'Control+K'} onPress={() => openOverlay('palette')}>
        <span className="command-button-text">Jump to…</span>
        <kbd aria-hidden="true">{chord}</kbd>
      </Button>
      <Button className="button button-quiet command-help" aria-label="Keyboard shortcuts" aria-keyshortcuts="Shift+?" onPress={() => openOverlay('cheat-sheet')}>
        ?
      </Button>
    </span>
  );
}
