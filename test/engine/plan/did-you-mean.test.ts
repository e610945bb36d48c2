import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestionOrList, suggestionSuffix } from '../../../electron/engine/plan/index.js';

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('retries', 'retries')).toBe(0);
    expect(editDistance('retry', 'retries')).toBe(3);
    expect(editDistance('retires', 'retries')).toBe(1);
    expect(editDistance('pool', 'poll')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  it('suggests the closest candidate within two edits', () => {
    expect(didYouMean('retires', ['retry_delay', 'retries', 'timeout'])).toBe('retries');
    expect(didYouMean('TIMEOUT', ['retries', 'timeout'])).toBe('timeout');
  });

  it('suggests nothing when no candidate is close, and is stricter for short words', () => {
    expect(didYouMean('colour', ['command', 'pool'])).toBeUndefined();
    expect(didYouMean('ab', ['xy', 'cd'])).toBeUndefined();
    expect(didYouMean('ab', ['abc'])).toBe('abc');
  });

  it('formats a suffix, or the list of choices when nothing is close', () => {
    expect(suggestionSuffix('gpuu', ['gpu'])).toBe('; did you mean "gpu"?');
    expect(suggestionSuffix('zzz', ['gpu'])).toBe('');
    expect(suggestionOrList('zzz', ['default', 'gpu'], 'pools')).toBe('; pools: default, gpu');
  });
});
