import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../shared/alert-model.js';
import { alertStatusText, partitionKeyText, snoozeChoices, tomorrowAt, weekdayTime } from '../../renderer/views/alerts/alert-format.js';

const alert = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: 1, rule: 'run_failed', key: 'k', severity: 'error', state: 'open', project: 'desk', pipeline: 'prices', runId: 3, partitionKey: 'date=2024-03-01',
  title: 'prices failed', body: 'exit 1', count: 1, openedAt: 0, lastSeenAt: 0, resolvedAt: null, resolution: null, acknowledgedAt: null, snoozedUntil: null, ...over,
});

describe('the Alerts view’s words and snooze times', () => {
  it('snoozes until 06:00 tomorrow in the project’s zone, not the laptop’s', () => {
    const now = Date.UTC(2025, 0, 15, 22, 30); // 17:30 in New York, 07:30 the next day in Tokyo
    expect(new Date(tomorrowAt(now, 'America/New_York')).toISOString()).toBe('2025-01-16T11:00:00.000Z');
    expect(new Date(tomorrowAt(now, 'Asia/Tokyo')).toISOString()).toBe('2025-01-16T21:00:00.000Z'); // the 17th, 06:00 JST
    expect(new Date(tomorrowAt(now, 'UTC')).toISOString()).toBe('2025-01-16T06:00:00.000Z');
  });

  it('finds tomorrow morning across a DST change (New York springs forward on 2025-03-09)', () => {
    const saturdayEvening = Date.UTC(2025, 2, 8, 23, 0); // 18:00 EST
    expect(new Date(tomorrowAt(saturdayEvening, 'America/New_York')).toISOString()).toBe('2025-03-09T10:00:00.000Z'); // 06:00 EDT
  });

  it('offers one hour and tomorrow 06:00 with its weekday and zone', () => {
    const now = Date.UTC(2025, 0, 15, 22, 30);
    const [hour, tomorrow] = snoozeChoices(now, 'America/New_York');
    expect(hour).toEqual({ id: 'hour', label: 'For 1 hour', forMs: 3_600_000 });
    expect(tomorrow).toEqual({ id: 'tomorrow', label: 'Until tomorrow 06:00 (Thu 06:00 EST)', forMs: 12.5 * 3_600_000 });
  });

  it('says what was done about an alert: open, acknowledged, snoozed until when, resolved', () => {
    const now = Date.UTC(2025, 0, 15, 12);
    expect(alertStatusText(alert(), now, 'UTC')).toBe('open');
    expect(alertStatusText(alert({ acknowledgedAt: now - 1 }), now, 'UTC')).toBe('acknowledged');
    expect(alertStatusText(alert({ snoozedUntil: now + 3_600_000 }), now, 'UTC')).toBe('snoozed until Wed 13:00 UTC');
    expect(alertStatusText(alert({ snoozedUntil: now - 1 }), now, 'UTC')).toBe('open'); // the snooze is over
    expect(alertStatusText(alert({ state: 'resolved', acknowledgedAt: 1 }), now, 'UTC')).toBe('resolved');
    expect(weekdayTime(Date.UTC(2025, 6, 1, 10), 'America/New_York')).toBe('Tue 06:00 EDT');
  });

  it('shows the partition key as the Runs view shows a partition', () => {
    expect(partitionKeyText('date=2024-03-01,region=EU')).toBe('2024-03-01 · region=EU');
    expect(partitionKeyText('date=')).toBe('—');
    expect(partitionKeyText(null)).toBe('—');
  });
});
