import { describe, expect, it } from 'vitest';
import { lineRuns, markPattern, paletteColor, plainText, rangesIn, visibleText } from '../../renderer/views/logs/line-text.js';

describe('a log line as shown', () => {
  it('turns ANSI colours into styled runs of plain text (classes for the 16 colours, colours for 256 and true colour)', () => {
    const runs = lineRuns('\u001b[1;31mERROR\u001b[0m at \u001b[38;5;196mX\u001b[38;2;1;2;3mY\u001b[0m <b>&amp;</b>');
    expect(runs.map((r) => [r.text, r.classes, r.color ?? null])).toEqual([
      ['ERROR', 'ansi-bold ansi-red-fg', null],
      [' at ', '', null],
      ['X', '', 'rgb(255, 0, 0)'],
      ['Y', '', 'rgb(1, 2, 3)'],
      [' <b>&amp;</b>', '', null], // markup in a log stays text
    ]);
    expect(plainText('\u001b[32mok\u001b[0m done')).toBe('ok done');
  });

  it('marks search matches across colour runs', () => {
    const text = '\u001b[31mred\u001b[0mdish';
    const ranges = rangesIn(plainText(text), markPattern('DDI', { regex: false, caseSensitive: false }));
    expect(ranges).toEqual([[2, 5]]);
    expect(lineRuns(text, ranges).map((r) => [r.text, r.mark])).toEqual([['re', false], ['d', true], ['di', true], ['sh', false]]);
  });

  it('shows what a terminal shows of a carriage-return progress line', () => {
    expect(visibleText('10%\r50%\r100%')).toBe('100%');
    expect(visibleText('done\r')).toBe('done');
    expect(visibleText('plain')).toBe('plain');
  });

  it('compiles the view’s mark pattern like the daemon (plain text escaped, regex as given, null when invalid)', () => {
    expect(rangesIn('a.b axb', markPattern('a.b', { regex: false, caseSensitive: true }))).toEqual([[0, 3]]);
    expect(rangesIn('a.b axb', markPattern('a.b', { regex: true, caseSensitive: true }))).toEqual([[0, 3], [4, 7]]);
    expect(markPattern('(', { regex: true, caseSensitive: false })).toBeNull();
    expect(rangesIn('aaa', markPattern('x*', { regex: true, caseSensitive: false }))).toEqual([]);
  });

  it('maps the xterm palette', () => {
    expect([paletteColor(1), paletteColor(16), paletteColor(231), paletteColor(244)]).toEqual(['var(--ansi-1)', 'rgb(0, 0, 0)', 'rgb(255, 255, 255)', 'rgb(128, 128, 128)']);
  });
});
