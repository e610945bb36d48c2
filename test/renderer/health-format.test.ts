import { describe, expect, it } from 'vitest';
import type { PipelineHealth } from '../../shared/health-model.js';
import { diskFact, errorRateText, freshnessText, problemLocation, schedulerFact, storeFact, windowText } from '../../renderer/views/health/health-format.js';

const pipeline = (over: Partial<PipelineHealth> = {}): PipelineHealth => ({
  pipeline: 'prices', lastSuccessAt: null, freshnessMs: null, stale: false, finished: 0, failed: 0, errorRate: null, avgMs: null, p95Ms: null, ...over,
});

describe('the Health view’s words and tones', () => {
  it('reads the scheduler as running, late, not running or never run', () => {
    expect(schedulerFact({ heartbeatAt: 0, ageMs: 2_210, pid: 7, alive: true })).toEqual({ tone: 'ok', value: 'running', detail: 'heartbeat 2.21s before this report · pid 7' });
    expect(schedulerFact({ heartbeatAt: 0, ageMs: 90_000, pid: 7, alive: true }).value).toBe('late');
    expect(schedulerFact({ heartbeatAt: 0, ageMs: 5_000, pid: 7, alive: false })).toMatchObject({ tone: 'bad', value: 'not running' });
    expect(schedulerFact(null)).toEqual({ tone: 'bad', value: 'never ran', detail: 'start it with tickwork up' });
  });

  it('marks a store that fails its integrity check, and a disk running out of space', () => {
    expect(storeFact({ path: '/h/tickwork.db', bytes: 3 * 2 ** 20, integrity: 'ok' })).toEqual({ tone: 'ok', value: 'integrity ok', detail: '3.0 MiB · /h/tickwork.db' });
    expect(storeFact({ path: '/h/tickwork.db', bytes: 2 ** 30, integrity: 'row 3 missing from index' }).tone).toBe('bad');
    const disk = (free: number) => diskFact({ path: '/h', freeBytes: free * 2 ** 30, totalBytes: 100 * 2 ** 30 });
    expect([disk(50).tone, disk(5).tone, disk(1).tone]).toEqual(['ok', 'warn', 'bad']);
    expect(disk(50).detail).toBe('of 100.0 GiB (50% free) · /h');
  });

  it('words freshness and error rate, with no tone where there is nothing to judge', () => {
    expect(freshnessText(pipeline())).toEqual({ tone: null, text: '—' });
    expect(freshnessText(pipeline({ freshnessMs: 26 * 3_600_000, stale: true }))).toEqual({ tone: 'bad', text: 'stale (within 26h)' });
    expect(errorRateText(pipeline())).toEqual({ tone: null, text: '—' });
    expect(errorRateText(pipeline({ finished: 8, failed: 2, errorRate: 0.25 }))).toEqual({ tone: 'warn', text: '25% of 8' });
    expect(errorRateText(pipeline({ finished: 8, failed: 0, errorRate: 0 })).tone).toBe('ok');
  });

  it('places a config problem as file:line:col and names the window in days', () => {
    expect(problemLocation({ file: 'proj/tickwork.yaml', line: 6, col: 53 })).toBe('proj/tickwork.yaml:6:53');
    expect(windowText(30 * 86_400_000)).toBe('30 days');
  });
});
