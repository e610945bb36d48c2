/**
 * The dashboard's keyboard shortcuts, and the pure matcher that reads key
 * presses into them (use-global-shortcuts.ts feeds it from the window).
 *
 * The matcher is a small state machine over key presses:
 *
 *   idle ──a key that starts a sequence (g)──► pending [g]   (for SEQUENCE_TIMEOUT_MS)
 *   pending [g] ──o──► idle, matches "go to Overview"
 *   pending [g] ──another key, or too late──► idle; that key is read afresh from idle
 *   idle ──a one-key shortcut (/, ?) or a chord (Mod+k)──► idle, matches it
 *
 * While the user types in a text field nothing matches and no sequence
 * starts, except the shortcuts marked `whileTyping` (chords with Ctrl/⌘,
 * which never type a character). Modifier keys alone change nothing, so
 * Shift before `?` keeps a pending sequence.
 */

/** What a shortcut does (global-shortcuts.tsx maps each to its effect). */
export type ShortcutId = 'palette' | 'go-overview' | 'go-runs' | 'go-alerts' | 'go-health' | 'search' | 'cheat-sheet';

/** One shortcut: the keys pressed one after another (`Mod+k` is Ctrl+K, or ⌘K on a Mac). */
export interface Shortcut {
  readonly id: ShortcutId;
  readonly keys: readonly string[];
  readonly description: string;
  /** Also matches while focus is in a text field. */
  readonly whileTyping?: boolean;
}

/** Every shortcut, in the order the cheat sheet lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'palette', keys: ['Mod+k'], description: 'Open the command palette: jump to a view, pipeline or run, or start a run', whileTyping: true },
  { id: 'go-overview', keys: ['g', 'o'], description: 'Go to Overview' },
  { id: 'go-runs', keys: ['g', 'r'], description: 'Go to Runs' },
  { id: 'go-alerts', keys: ['g', 'a'], description: 'Go to Alerts' },
  { id: 'go-health', keys: ['g', 'h'], description: 'Go to Health' },
  { id: 'search', keys: ['/'], description: 'Search in this view (Runs, a log)' },
  { id: 'cheat-sheet', keys: ['?'], description: 'Show this list of shortcuts' },
];

/** How long the second key of a sequence may wait for. */
export const SEQUENCE_TIMEOUT_MS = 1500;

/** The parts of a KeyboardEvent the matcher reads. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** The matcher's state: the keys of a sequence begun, and when its last key came. */
export interface MatcherState {
  readonly pending: readonly string[];
  readonly since: number;
}

/** No sequence begun. */
export const IDLE: MatcherState = { pending: [], since: 0 };

/** What one key press did. */
export interface MatchResult {
  readonly state: MatcherState;
  /** The shortcut completed by this press, if any. */
  readonly shortcut: Shortcut | null;
  /** The press belongs to a shortcut (completes or continues one): the caller stops its default action. */
  readonly handled: boolean;
}

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Meta', 'Alt', 'AltGraph', 'CapsLock', 'Fn', 'OS']);

/** A press as the shortcut lists write it (`g`, `/`, `?`, `Mod+k`); null for modifiers alone and Alt combinations. */
export function keyName(press: KeyPress): string | null {
  if (MODIFIER_KEYS.has(press.key) || press.altKey) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return press.ctrlKey || press.metaKey ? `Mod+${key}` : key;
}

function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((key, i) => keys[i] === key);
}

/** Reads one key press at `now`; `typing`: focus is in a text field. */
export function matchKey(state: MatcherState, press: KeyPress, context: { readonly now: number; readonly typing: boolean }, shortcuts: readonly Shortcut[] = SHORTCUTS): MatchResult {
  const name = keyName(press);
  if (name === null) return { state, shortcut: null, handled: false };
  const eligible = context.typing ? shortcuts.filter((s) => s.whileTyping) : shortcuts;
  const begun = state.pending.length > 0 && context.now - state.since <= SEQUENCE_TIMEOUT_MS ? state.pending : [];
  const attempts = begun.length ? [[...begun, name], [name]] : [[name]];
  for (const keys of attempts) {
    const done = eligible.find((s) => s.keys.length === keys.length && startsWith(s.keys, keys));
    if (done) return { state: IDLE, shortcut: done, handled: true };
    if (eligible.some((s) => s.keys.length > keys.length && startsWith(s.keys, keys))) return { state: { pending: keys, since: context.now }, shortcut: null, handled: true };
  }
  return { state: IDLE, shortcut: null, handled: false };
}

/** The parts of a DOM element that tell whether keys pressed in it type text. */
export interface FocusTarget {
  readonly tagName: string;
  readonly isContentEditable?: boolean;
  readonly type?: string;
  getAttribute?(name: string): string | null;
}

/** Input types that take no typed text (a key press there is not typing). */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image']);
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

/** True when focus in `target` means the user is typing (a text input, textarea, select, editable content, a text role). */
export function isTypingTarget(target: FocusTarget | null | undefined): boolean {
  if (!target || typeof target.tagName !== 'string') return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  if (target.isContentEditable) return true;
  const role = target.getAttribute?.('role');
  return role !== null && role !== undefined && TEXT_ROLES.has(role);
}

/** The keys to show for a shortcut, one cap each: `['Ctrl', 'K']` (`['⌘', 'K']` on a Mac) or `['g', 'o']`. */
export function keyCaps(keys: readonly string[], mac: boolean): string[][] {
  return keys.map((key) => {
    if (!key.startsWith('Mod+')) return [key];
    const rest = key.slice(4);
    return [mac ? '⌘' : 'Ctrl', rest.length === 1 ? rest.toUpperCase() : rest];
  });
}

/** A shortcut's keys as words, e.g. `g then o`, `Ctrl+K` (titles, aria-keyshortcuts aside). */
export function shortcutText(keys: readonly string[], mac: boolean): string {
  return keyCaps(keys, mac)
    .map((caps) => caps.join(mac ? '' : '+'))
    .join(' then ');
}

/** The shortcut with this id (they all exist). */
export function shortcutOf(id: ShortcutId): Shortcut {
  return SHORTCUTS.find((s) => s.id === id)!;
}
