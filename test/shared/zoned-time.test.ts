import { describe, expect, it } from 'vitest';
import { zonedTimestamp } from '../../shared/zoned-time.js';

describe('zoned timestamps', () => {
  it('show wall-clock time in the zone with its offset, across DST', () => {
    expect(zonedTimestamp(Date.parse('2025-02-04T00:00:02Z'), 'America/New_York')).toBe('2025-02-03 19:00:02 -05:00');
    expect(zonedTimestamp(Date.parse('2025-07-04T00:00:02Z'), 'America/New_York')).toBe('2025-07-03 20:00:02 -04:00');
    expect(zonedTimestamp(Date.parse('2025-02-04T00:00:02Z'), 'UTC')).toBe('2025-02-04 00:00:02 +00:00');
    expect(zonedTimestamp(Date.parse('2025-02-04T00:00:02Z'), 'Asia/Kolkata')).toBe('2025-02-04 05:30:02 +05:30');
  });

  it('reads midnight as 00, not 24', () => {
    expect(zonedTimestamp(Date.parse('2025-02-04T05:00:00Z'), 'America/New_York')).toBe('2025-02-04 00:00:00 -05:00');
  });
});
