import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/engine/util/clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the system clock', () => {
  it('fires a timer longer than a Node timer can hold (24.8 days) when it is due, not at once', () => {
    vi.useFakeTimers();
    const day = 86_400_000;
    let fired = 0;
    systemClock.setTimeout(() => fired++, 30 * day);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(25 * day);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(5 * day - 2);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });

  it('cancels a long timer between its hops', () => {
    vi.useFakeTimers();
    let fired = 0;
    const timer = systemClock.setTimeout(() => fired++, 60 * 86_400_000);
    vi.advanceTimersByTime(30 * 86_400_000);
    timer.cancel();
    vi.advanceTimersByTime(60 * 86_400_000);
    expect(fired).toBe(0);
  });
});
