import { describe, expect, it } from 'vitest';
import { clockIn, dateIn, relativeText, shortTimeIn, spanText, timestampIn, zoneAbbreviation } from '../../renderer/format/zone-format.js';

const AT = Date.UTC(2025, 0, 16, 0, 30); // 2025-01-15 19:30 in New York

describe('times in a zone', () => {
  it('reads the same instant on each zone’s wall clock', () => {
    expect(clockIn(AT, 'America/New_York')).toBe('19:30');
    expect(clockIn(AT, 'UTC')).toBe('00:30');
    expect(dateIn(AT, 'America/New_York')).toBe('2025-01-15');
    expect(timestampIn(AT, 'Asia/Tokyo')).toBe('2025-01-16 09:30:00');
  });

  it('shortens a time of the same day to HH:MM and names the day otherwise', () => {
    expect(shortTimeIn(AT, 'America/New_York', AT - 3_600_000)).toBe('19:30');
    expect(shortTimeIn(AT, 'UTC', AT - 3_600_000)).toBe('Thu 01-16 00:30');
    expect(shortTimeIn(AT, 'UTC', Date.UTC(2024, 5, 1))).toBe('2025-01-16 00:30');
  });

  it('names the zone briefly', () => {
    expect(zoneAbbreviation(AT, 'America/New_York')).toBe('EST');
    expect(zoneAbbreviation(Date.UTC(2025, 6, 1), 'America/New_York')).toBe('EDT');
    expect(zoneAbbreviation(AT, 'UTC')).toBe('UTC');
    expect(zoneAbbreviation(AT, 'Europe/Berlin')).toBe('GMT+1');
  });

  it('says how far off an instant is', () => {
    expect(relativeText(AT + 3 * 3_600_000 + 12 * 60_000, AT)).toBe('in 3h 12m');
    expect(relativeText(AT - 5 * 60_000, AT)).toBe('5m ago');
    expect(relativeText(AT + 400, AT)).toBe('now');
    expect(spanText(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
    expect(spanText(65_000)).toBe('1m 5s');
    expect(spanText(45_000)).toBe('45s');
  });
});
