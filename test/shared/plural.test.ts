import { describe, expect, it } from 'vitest';
import { plural } from '../../shared/plural.js';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect([0, 1, 2].map((n) => plural(n, 'run'))).toEqual(['0 runs', '1 run', '2 runs']);
    expect(plural(1, 'process group')).toBe('1 process group');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});
