import { describe, expect, it } from 'vitest';
import { elapsedMs, formatDuration, formatShortTime, formatTimestamp, paramsText, partitionText } from '../../renderer/format/run-format.js';
import { nextTheme } from '../../renderer/components/theme-cycle.js';

describe('how runs read in the dashboard', () => {
  it('shows times in local time, shorter the closer they are to now', () => {
    const at = new Date(2024, 2, 5, 9, 7, 3).getTime();
    expect(formatTimestamp(at)).toBe('2024-03-05 09:07:03');
    expect(formatTimestamp(null)).toBe('—');
    expect(formatShortTime(at, new Date(2024, 2, 5, 23, 0).getTime())).toBe('09:07:03');
    expect(formatShortTime(at, new Date(2024, 5, 1).getTime())).toBe('03-05 09:07');
    expect(formatShortTime(at, new Date(2025, 0, 1).getTime())).toBe('2024-03-05');
  });

  it('measures a duration to its end, or to now while it runs, and none before it starts', () => {
    expect(elapsedMs(1_000, 2_500, 9_000)).toBe(1_500);
    expect(elapsedMs(1_000, null, 4_000)).toBe(3_000);
    expect(elapsedMs(null, null, 4_000)).toBeNull();
    expect(formatDuration(1_500)).toBe('1.50s');
    expect(formatDuration(null)).toBe('—');
  });

  it('writes partitions date first and params sorted', () => {
    expect(partitionText({ region: 'eu', date: '2024-01-02', book: 'x' })).toBe('2024-01-02 · book=x · region=eu');
    expect(paramsText({ z: '1', a: '2' })).toBe('a=2, z=1');
    expect(paramsText({})).toBe('—');
  });

  it('cycles the theme toggle through system, light and dark', () => {
    expect([nextTheme('system'), nextTheme('light'), nextTheme('dark')]).toEqual(['light', 'dark', 'system']);
  });
});
