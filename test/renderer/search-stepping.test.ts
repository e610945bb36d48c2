import { describe, expect, it } from 'vitest';
import type { LogMatch, LogSearchAnswer } from '../../shared/log-model.js';
import { afterAnswer, firstRequest, stepOfKey } from '../../renderer/views/logs/search-stepping.js';

const matchAt = (start: number): LogMatch => ({ line: { start, end: start + 10, text: 'hit' }, ranges: [[0, 3]] });
const found = (start: number): LogSearchAnswer => ({ match: matchAt(start), done: true, scannedTo: start + 10, size: 1000 });
const none: LogSearchAnswer = { match: null, done: true, scannedTo: 1000, size: 1000 };

describe('search stepping', () => {
  it('starts the first search at the top line on screen, later ones after (or before) the current match', () => {
    expect(firstRequest('next', { current: null, anchor: 400, size: 1000 })).toEqual({ fromByte: 400, direction: 'next', wrapped: false });
    expect(firstRequest('prev', { current: null, anchor: 400, size: 1000 })).toEqual({ fromByte: 400, direction: 'prev', wrapped: false });
    expect(firstRequest('next', { current: matchAt(600), anchor: 0, size: 1000 }).fromByte).toBe(610);
    expect(firstRequest('prev', { current: matchAt(600), anchor: 0, size: 1000 }).fromByte).toBe(600);
  });

  it('shows a match found', () => {
    const context = { current: matchAt(100), anchor: 0, size: 1000 };
    expect(afterAnswer(firstRequest('next', context), found(300), context)).toEqual({ kind: 'found', match: matchAt(300), wrapped: false, only: false });
  });

  it('wraps once to the start (next) or the end (prev) when it runs out', () => {
    const context = { current: matchAt(800), anchor: 0, size: 1000 };
    const next = afterAnswer(firstRequest('next', context), none, context);
    expect(next).toEqual({ kind: 'wrap', request: { fromByte: 0, direction: 'next', wrapped: true } });
    const prev = afterAnswer(firstRequest('prev', context), { ...none, scannedTo: 0 }, context);
    expect(prev).toEqual({ kind: 'wrap', request: { fromByte: 1000, direction: 'prev', wrapped: true } });
    if (next.kind !== 'wrap') throw new Error('expected a wrap');
    expect(afterAnswer(next.request, found(50), context)).toEqual({ kind: 'found', match: matchAt(50), wrapped: true, only: false });
  });

  it('says when the wrap found only the match it started from, or nothing at all', () => {
    const context = { current: matchAt(800), anchor: 0, size: 1000 };
    const wrap = { fromByte: 0, direction: 'next' as const, wrapped: true };
    expect(afterAnswer(wrap, found(800), context)).toMatchObject({ kind: 'found', only: true });
    expect(afterAnswer(wrap, none, context)).toEqual({ kind: 'none' });
    // A first search from the very start that finds nothing has nothing to wrap into.
    const fresh = { current: null, anchor: 0, size: 1000 };
    expect(afterAnswer(firstRequest('next', fresh), none, fresh)).toEqual({ kind: 'none' });
  });

  it('reads n and Enter as next, N and Shift+Enter as previous, other keys as nothing', () => {
    expect([stepOfKey('n', false), stepOfKey('N', true), stepOfKey('Enter', false), stepOfKey('Enter', true), stepOfKey('x', false)]).toEqual(['next', 'prev', 'next', 'prev', null]);
  });
});
