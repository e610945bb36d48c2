import { describe, expect, it } from 'vitest';
import { lastLines } from '../../../electron/engine/run/failure-output.js';

describe('the last lines of a failed task’s output', () => {
  it('drops trailing blank lines and nothing else', () => {
    expect(lastLines('a\n  b  \n\n \t\n', 20)).toEqual(['a', '  b  ']);
    expect(lastLines('\n\nx', 20)).toEqual(['', '', 'x']);
    expect(lastLines('', 20)).toEqual([]);
  });

  it('keeps the last N lines', () => {
    expect(lastLines('1\n2\n3\n4\n', 2)).toEqual(['3', '4']);
  });

  it('leaves out a line the read window cut, unless it is the only one', () => {
    expect(lastLines('tial line\nwhole\n', 20, true)).toEqual(['whole']);
    expect(lastLines('one endless line', 20, true)).toEqual(['…one endless line']);
  });
});
