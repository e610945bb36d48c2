/**
 * The command palette (Ctrl/⌘K): a modal dialog holding a search field and
 * a menu of what matches (palette-items.ts) — a view, a pipeline's runs, a
 * run by id, or "run it now". React Aria's Autocomplete keeps focus in the
 * field while the arrows move through the menu; Enter chooses. Starting a
 * run asks the engine (runs.trigger) and opens the new run; a refusal is
 * shown in the engine's words and the palette stays open.
 */
import { useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { Autocomplete, Dialog, Input, Menu, MenuItem, Modal, ModalOverlay, TextField, type Key } from 'react-aria-components';
import { useProjects, useStartRun } from '../api/index.js';
import { paletteItems, type PaletteItem, type PaletteTarget } from './palette-items.js';
import { openOverlay, useOverlay } from './command-state.js';
import { NAV_ITEMS } from './app-header.js';

/** See the file comment. */
export function CommandPalette() {
  const open = useOverlay() === 'palette';
  return (
    <ModalOverlay className="command-overlay" isDismissable isOpen={open} onOpenChange={(next) => openOverlay(next ? 'palette' : null)}>
      <Modal className="command-modal">
        <Dialog className="command-dialog" aria-label="Command palette">
          <PaletteBody />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** Mounted while the palette is open, so each opening starts with an empty query. */
function PaletteBody() {
  const [query, setQuery] = useState('');
  const [, navigate] = useLocation();
  const projects = useProjects();
  const start = useStartRun();
  const targets = useMemo<PaletteTarget[]>(
    () =>
      (projects.data ?? []).flatMap((project) => [
        ...project.pipelines.map((name) => ({ name, kind: 'pipeline' as const, projectName: project.name, project: project.file })),
        ...project.jobs.map((name) => ({ name, kind: 'job' as const, projectName: project.name, project: project.file })),
      ]),
    [projects.data],
  );
  const items = useMemo(() => paletteItems(query, { views: NAV_ITEMS, targets }), [query, targets]);
  const choose = (key: Key) => {
    const item = items.find((candidate) => candidate.id === key);
    if (!item) return;
    if (item.action.kind === 'navigate') {
      openOverlay(null);
      navigate(item.action.to);
      return;
    }
    start.mutate(
      { target: item.action.target, project: item.action.project },
      {
        onSuccess: (answer) => {
          openOverlay(null);
          navigate(`/runs/${answer.id}`);
        },
      },
    );
  };
  return (
    <Autocomplete inputValue={query} onInputChange={setQuery}>
      {/* A TextField, not a SearchField: Escape closes the palette at once instead of first clearing the text. */}
      <TextField className="command-field" aria-label="Jump to a view, pipeline or run, or start a run" autoFocus>
        <span className="command-glyph" aria-hidden="true">
          ⌕
        </span>
        <Input className="command-input" role="combobox" aria-expanded placeholder="Jump to a view, pipeline or run #id — or type “run NAME” to start one" />
      </TextField>
      {start.isError && (
        <p className="command-error" role="alert">
          Could not start the run: {(start.error as Error).message}
        </p>
      )}
      {start.isPending && (
        <p className="command-note" role="status">
          Starting the run…
        </p>
      )}
      <Menu className="command-menu" aria-label="Matches" items={items} onAction={choose} renderEmptyState={() => <p className="command-empty">Nothing matches “{query}”.</p>}>
        {(item: PaletteItem) => (
          <MenuItem id={item.id} textValue={item.label} className="command-item">
            <span className={`command-kind command-kind-${item.section.replace(' ', '-').toLowerCase()}`} aria-hidden="true">
              {item.section === 'Run now' ? '▶' : item.section === 'Runs' ? '#' : item.section === 'Views' ? '→' : '◆'}
            </span>
            {/* Plain text, not label/description slots: the name is all the visible text (what it is and where it goes). */}
            <span className="command-label">{item.label}</span>
            <span className="command-detail">{item.detail}</span>
          </MenuItem>
        )}
      </Menu>
      <p className="command-hint" aria-hidden="true">
        <kbd>↑</kbd>
        <kbd>↓</kbd> move · <kbd>Enter</kbd> choose · <kbd>Esc</kbd> close
      </p>
    </Autocomplete>
  );
}
