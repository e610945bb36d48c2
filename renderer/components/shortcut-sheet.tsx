/** The `?` cheat sheet: a modal dialog listing every keyboard shortcut (shortcuts.ts) with its keys. */
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { SHORTCUTS, keyCaps } from './shortcuts.js';
import { isMac, openOverlay, useOverlay } from './command-state.js';

/** See the file comment. */
export function ShortcutSheet() {
  const open = useOverlay() === 'cheat-sheet';
  const mac = isMac();
  return (
    <ModalOverlay className="command-overlay" isDismissable isOpen={open} onOpenChange={(next) => openOverlay(next ? 'cheat-sheet' : null)}>
      <Modal className="command-modal command-modal-sheet">
        <Dialog className="sheet-dialog">
          <Heading slot="title" className="sheet-title">
            Keyboard shortcuts
          </Heading>
          <table className="sheet-table" aria-label="Keyboard shortcuts">
            <thead>
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">Does</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((shortcut) => (
                <tr key={shortcut.id}>
                  <td className="sheet-keys">
                    {keyCaps(shortcut.keys, mac).map((caps, i) => (
                      <span key={i} className="sheet-step">
                        {i > 0 && <span className="sheet-then">then</span>}
                        {caps.map((cap) => (
                          <kbd key={cap}>{cap}</kbd>
                        ))}
                      </span>
                    ))}
                  </td>
                  <td>{shortcut.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="sheet-note">Shortcuts wait while you type in a field; Ctrl/⌘K works everywhere. Esc closes a dialog.</p>
          <div className="sheet-actions">
            <Button className="button" slot="close">
              Close
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
