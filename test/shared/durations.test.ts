import { describe, expect, it } from 'vitest';
import { formatMs, humanDuration } from '../../shared/durations.js';

describe('durations as text', () => {
  it('formatMs keeps the figure exact at every scale', () => {
    expect([0, 72, 999.4, 999.6, 1240, 9_994, 9_999, 12_345, 59_949, 59_960, 245_000, 3_599_400, 3_599_600, 7_800_000].map(formatMs)).toEqual([
      '0ms',
      '72ms',
      '999ms',
      '1.00s',
      '1.24s',
      '9.99s',
      '10.0s',
      '12.3s',
      '59.9s',
      '1m00s',
      '4m05s',
      '59m59s',
      '1h00m',
      '2h10m',
    ]);
  });

  it('humanDuration gives the size of it, never below zero', () => {
    expect([-5_000, 45_000, 720_000, 11_100_000, 172_800_000, 187_200_000].map(humanDuration)).toEqual(['0s', '45s', '12m', '3h 5m', '2d', '2d 4h']);
  });
});
