import { describe, expect, it } from 'vitest';
import { IDLE, SEQUENCE_TIMEOUT_MS, SHORTCUTS, isTypingTarget, keyCaps, keyName, matchKey, shortcutText, type KeyPress, type MatcherState } from '../../renderer/components/shortcuts.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

/** Feeds presses (key, at ms) and returns the ids matched, in order. */
function feed(presses: ReadonlyArray<readonly [KeyPress, number]>, typing = false): string[] {
  let state: MatcherState = IDLE;
  const matched: string[] = [];
  for (const [p, now] of presses) {
    const result = matchKey(state, p, { now, typing });
    state = result.state;
    if (result.shortcut) matched.push(result.shortcut.id);
  }
  return matched;
}

describe('the keyboard shortcut matcher', () => {
  it('matches the go-to sequences g o, g r, g a, g h', () => {
    expect(feed([[press('g'), 0], [press('o'), 100]])).toEqual(['go-overview']);
    expect(feed([[press('g'), 0], [press('r'), 100], [press('g'), 200], [press('a'), 300], [press('g'), 400], [press('h'), 500]])).toEqual(['go-runs', 'go-alerts', 'go-health']);
  });

  it('holds a begun sequence as handled, then returns to idle once it completes', () => {
    const first = matchKey(IDLE, press('g'), { now: 10, typing: false });
    expect(first).toEqual({ state: { pending: ['g'], since: 10 }, shortcut: null, handled: true });
    const second = matchKey(first.state, press('o'), { now: 20, typing: false });
    expect(second.state).toEqual(IDLE);
    expect(second.shortcut?.id).toBe('go-overview');
  });

  it('forgets a sequence whose second key comes too late, and one broken by another key', () => {
    expect(feed([[press('g'), 0], [press('o'), SEQUENCE_TIMEOUT_MS + 1]])).toEqual([]);
    expect(feed([[press('g'), 0], [press('x'), 10], [press('o'), 20]])).toEqual([]);
    const broken = matchKey({ pending: ['g'], since: 0 }, press('x'), { now: 10, typing: false });
    expect(broken).toEqual({ state: IDLE, shortcut: null, handled: false });
  });

  it('reads the key that breaks a sequence afresh: g then ? opens the cheat sheet, g g o still goes', () => {
    expect(feed([[press('g'), 0], [press('?'), 10]])).toEqual(['cheat-sheet']);
    expect(feed([[press('g'), 0], [press('g'), 10], [press('o'), 20]])).toEqual(['go-overview']);
  });

  it('matches / and ? alone, and Ctrl+K or ⌘K for the palette (not plain k)', () => {
    expect(feed([[press('/'), 0]])).toEqual(['search']);
    expect(feed([[press('?'), 0]])).toEqual(['cheat-sheet']);
    expect(feed([[press('k', { ctrlKey: true }), 0]])).toEqual(['palette']);
    expect(feed([[press('K', { metaKey: true }), 0]])).toEqual(['palette']);
    expect(feed([[press('k'), 0]])).toEqual([]);
  });

  it('never fires while typing in a field, except the palette chord, and starts no sequence there', () => {
    expect(feed([[press('g'), 0], [press('o'), 10], [press('/'), 20], [press('?'), 30]], true)).toEqual([]);
    expect(matchKey(IDLE, press('g'), { now: 0, typing: true })).toEqual({ state: IDLE, shortcut: null, handled: false });
    expect(feed([[press('k', { ctrlKey: true }), 0]], true)).toEqual(['palette']);
  });

  it('lets modifier keys alone pass without breaking a sequence, and ignores Alt combinations', () => {
    const begun = matchKey(IDLE, press('g'), { now: 0, typing: false }).state;
    const shift = matchKey(begun, press('Shift'), { now: 5, typing: false });
    expect(shift).toEqual({ state: begun, shortcut: null, handled: false });
    expect(keyName(press('o', { altKey: true }))).toBeNull();
    expect(keyName(press('G'))).toBe('g');
    expect(keyName(press('Escape'))).toBe('Escape');
  });

  it('takes the keys pressed in text inputs, textareas, selects, editable content and text roles as typing', () => {
    const el = (tagName: string, extra: { type?: string; isContentEditable?: boolean; role?: string } = {}) => ({
      tagName,
      ...(extra.type !== undefined ? { type: extra.type } : {}),
      isContentEditable: extra.isContentEditable ?? false,
      getAttribute: (name: string) => (name === 'role' ? (extra.role ?? null) : null),
    });
    expect(isTypingTarget(el('INPUT', { type: 'text' }))).toBe(true);
    expect(isTypingTarget(el('input', { type: 'search' }))).toBe(true);
    expect(isTypingTarget(el('INPUT'))).toBe(true);
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('SELECT'))).toBe(true);
    expect(isTypingTarget(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTypingTarget(el('DIV', { role: 'combobox' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(el('A'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('shows each shortcut as key caps and words, Ctrl on Linux and Windows, ⌘ on a Mac', () => {
    expect(keyCaps(['Mod+k'], false)).toEqual([['Ctrl', 'K']]);
    expect(keyCaps(['Mod+k'], true)).toEqual([['⌘', 'K']]);
    expect(shortcutText(['g', 'o'], false)).toBe('g then o');
    expect(shortcutText(['Mod+k'], false)).toBe('Ctrl+K');
    expect(shortcutText(['Mod+k'], true)).toBe('⌘K');
  });

  it('lists every shortcut once, none a prefix of another (each sequence is unambiguous)', () => {
    const texts = SHORTCUTS.map((s) => s.keys.join(' '));
    expect(new Set(texts).size).toBe(texts.length);
    for (const a of SHORTCUTS) for (const b of SHORTCUTS) if (a !== b) expect(b.keys.length > a.keys.length && a.keys.every((k, i) => b.keys[i] === k)).toBe(false);
  });
});
