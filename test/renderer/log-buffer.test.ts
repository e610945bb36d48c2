import { describe, expect, it } from 'vitest';
import type { LogLine, LogWindow } from '../../shared/log-model.js';
import { MAX_LINES, appendWindow, atEnd, atStart, bufferOf, copyText, indexOfOffset, nextFrom, prependWindow } from '../../renderer/views/logs/log-buffer.js';

/** Lines of 10 bytes each from byte `from`, `count` of them. */
function lines(from: number, count: number, last?: LogLine['kind']): LogLine[] {
  return Array.from({ length: count }, (_, k) => ({ start: from + k * 10, end: from + (k + 1) * 10, text: `l${(from + k * 10) / 10}`, ...(last && k === count - 1 ? { kind: last } : {}) }));
}

function window(from: number, count: number, options: { size?: number; writing?: boolean; last?: LogLine['kind'] } = {}): LogWindow {
  const held = lines(from, count, options.last);
  return { attempt: 1, attempts: [1], lines: held, from, to: held.at(-1)?.end ?? from, size: options.size ?? 1000, cutBytes: 0, writing: options.writing ?? false };
}

describe('the log buffer', () => {
  it('knows whether it holds the start and the end of the log', () => {
    expect(atStart(bufferOf(window(0, 5)))).toBe(true);
    expect(atEnd(bufferOf(window(0, 5)))).toBe(false);
    expect(atEnd(bufferOf(window(950, 5)))).toBe(true);
  });

  it('appends the next window, replacing an unended last line with its whole version', () => {
    const start = bufferOf(window(900, 5, { writing: true, last: 'partial' }));
    expect(nextFrom(start)).toBe(940);
    const { buffer, shift } = appendWindow(start, window(940, 3, { size: 970, writing: true }));
    expect(shift).toBe(0);
    expect(buffer.lines.map((l) => l.start)).toEqual([900, 910, 920, 930, 940, 950, 960]);
    expect(buffer.lines.every((l) => l.kind === undefined)).toBe(true);
    expect([buffer.from, buffer.to, buffer.size, buffer.writing]).toEqual([900, 970, 970, true]);
    expect(nextFrom(buffer)).toBe(970);
    // An empty long-poll answer changes nothing but the size and state.
    const idle = appendWindow(buffer, { ...window(970, 0, { size: 970 }), writing: false });
    expect([idle.buffer.lines.length, idle.buffer.to, idle.buffer.writing]).toEqual([7, 970, false]);
  });

  it('prepends the window before it and says how many rows it added above', () => {
    const { buffer, shift } = prependWindow(bufferOf(window(500, 5)), window(450, 5));
    expect(shift).toBe(5);
    expect([buffer.from, buffer.to, buffer.lines.length]).toEqual([450, 550, 10]);
  });

  it('trims the far end past MAX_LINES, reporting removed rows as a negative shift', () => {
    const full = bufferOf(window(0, MAX_LINES, { size: 10 * MAX_LINES + 100 }));
    const { buffer, shift } = appendWindow(full, window(10 * MAX_LINES, 10, { size: 10 * MAX_LINES + 100 }));
    expect(shift).toBe(-10);
    expect(buffer.lines.length).toBe(MAX_LINES);
    expect(buffer.from).toBe(100);
    const back = prependWindow(buffer, window(0, 10));
    expect([back.shift, back.buffer.lines.length, back.buffer.from, back.buffer.to]).toEqual([10, MAX_LINES, 0, 10 * MAX_LINES]);
  });

  it('starts afresh from a window that does not join it', () => {
    const { buffer, shift } = appendWindow(bufferOf(window(0, 5)), window(500, 2));
    expect([shift, buffer.from, buffer.lines.length]).toEqual([0, 500, 2]);
    expect(prependWindow(bufferOf(window(500, 5)), window(0, 2)).buffer.from).toBe(0);
  });

  it('finds the line holding an offset by binary search, and copies a range whichever way it was selected', () => {
    const buffer = bufferOf(window(100, 50));
    expect([indexOfOffset(buffer, 100), indexOfOffset(buffer, 105), indexOfOffset(buffer, 590), indexOfOffset(buffer, 50), indexOfOffset(buffer, 9999)]).toEqual([0, 0, 49, 0, 49]);
    expect(indexOfOffset(bufferOf(window(0, 0)), 0)).toBe(-1);
    expect(copyText(buffer, 3, 1)).toBe('l11\nl12\nl13\n');
    const pieces = bufferOf({ ...window(0, 0), lines: [{ start: 0, end: 4, text: 'abcd', kind: 'piece' }, { start: 4, end: 7, text: 'ef' }], to: 7 });
    expect(copyText(pieces, 0, 1, (t) => t.toUpperCase())).toBe('ABCDEF\n');
  });
});
