import { describe, expect, it } from 'vitest';
import { SeqCursor } from '../../renderer/api/seq-cursor.js';
import { reconnectDelay } from '../../renderer/api/reconnect-delay.js';

describe('the event stream position', () => {
  it('starts at the head the stream names, then takes each later seq once, in order', () => {
    const cursor = new SeqCursor();
    expect(cursor.query()).toBe('after=now');
    cursor.start(40);
    cursor.start(99); // a second head (a reconnect) does not move it
    expect(cursor.query()).toBe('after=40');
    expect([41, 41, 40, 42, 39, 43].filter((seq) => cursor.accept(seq))).toEqual([41, 42, 43]);
    expect(cursor.seq).toBe(43);
    expect(cursor.query()).toBe('after=43');
  });

  it('resumes a replay that overlaps what was seen without doubling or skipping an event', () => {
    const cursor = new SeqCursor(10);
    const first = [11, 12, 13].filter((seq) => cursor.accept(seq));
    const replay = [12, 13, 14, 15].filter((seq) => cursor.accept(seq)); // the reconnect began a little early
    expect([...first, ...replay]).toEqual([11, 12, 13, 14, 15]);
  });

  it('waits a little longer before each reconnect, at most 2 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelay)).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });
});
