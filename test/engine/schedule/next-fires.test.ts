import { describe, expect, it } from 'vitest';
import { nextFires } from '../../../electron/engine/schedule/next-fires.js';
import type { ScheduleConfig } from '../../../shared/config-model.js';

const schedule = (cron: string, over: Partial<ScheduleConfig> = {}): ScheduleConfig => ({
  cron,
  timezone: 'America/New_York',
  calendar: null,
  catchup: 'latest',
  catchupWindowMs: 7 * 86_400_000,
  ...over,
});
const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());

describe('next fire times', () => {
  it('moves a fire that falls in the spring-forward gap to the first valid minute, once', () => {
    const fires = nextFires(schedule('30 2 * * *'), Date.parse('2025-03-08T12:00:00Z'), 3);
    expect(iso(fires)).toEqual(['2025-03-09T07:00:00.000Z', '2025-03-10T06:30:00.000Z', '2025-03-11T06:30:00.000Z']);
  });

  it('fires once, not twice, in the hour repeated by fall-back', () => {
    const fires = nextFires(schedule('30 1 * * *'), Date.parse('2025-11-01T12:00:00Z'), 3);
    expect(iso(fires)).toEqual(['2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z', '2025-11-04T06:30:00.000Z']);
  });

  it('keeps 19:00 local across the DST change (23:00Z in summer, 00:00Z in winter)', () => {
    const fires = nextFires(schedule('0 19 * * *'), Date.parse('2025-11-01T12:00:00Z'), 2);
    expect(iso(fires)).toEqual(['2025-11-01T23:00:00.000Z', '2025-11-03T00:00:00.000Z']);
  });

  it('skips weekends and NYSE holidays with calendar: NYSE, keeping early-close days', () => {
    const fires = nextFires(schedule('0 19 * * *', { calendar: 'NYSE' }), Date.parse('2025-12-23T12:00:00Z'), 4);
    // Dec 23 and 24 (early close) trade; Dec 25 is Christmas; Dec 26 is a Friday; Dec 27-28 weekend.
    expect(iso(fires)).toEqual(['2025-12-24T00:00:00.000Z', '2025-12-25T00:00:00.000Z', '2025-12-27T00:00:00.000Z', '2025-12-30T00:00:00.000Z']);
  });

  it('reads six-field expressions with seconds and a per-schedule zone', () => {
    const fires = nextFires(schedule('15 0 20 * * 0', { timezone: 'Europe/London' }), Date.parse('2026-11-23T00:00:00Z'), 2);
    expect(iso(fires)).toEqual(['2026-11-29T20:00:15.000Z', '2026-12-06T20:00:15.000Z']);
  });
});
