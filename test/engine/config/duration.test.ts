import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../electron/engine/config/index.js';

describe('parseDuration', () => {
  it('reads each unit and combinations of units', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1h 30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('1m30s250ms')).toBe(90_250);
  });

  it('treats bare numbers as seconds', () => {
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(0.25)).toBe(250);
  });

  it('returns null for anything else', () => {
    for (const bad of ['', 'soon', '5 minutes', '-5s', '5x', '1h30', 'm', '30s!']) expect(parseDuration(bad)).toBeNull();
    expect(parseDuration(-1)).toBeNull();
    expect(parseDuration(Number.NaN)).toBeNull();
  });
});
