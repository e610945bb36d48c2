import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { globHasMatch, segmentRegExp } from '../../../electron/engine/util/glob-match.js';

let root: string;
const at = (rel: string): string => path.join(root, rel);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-glob-'));
  for (const file of ['data/2025-02-03/US/a.csv', 'data/2025-02-03/US/b.txt', 'data/2025-02-03/EU/.hidden.csv', 'deep/x/y/z/report.json', '.dot/inside.csv', 'one/f1.log']) {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    fs.writeFileSync(at(file), 'x');
  }
  fs.mkdirSync(at('empty'));
  fs.symlinkSync(at('data'), at('linked'));
  fs.symlinkSync(root, at('deep/x/loop')); // a cycle that ** must not follow
});

describe('globHasMatch', () => {
  it('matches a literal path that exists, file or directory, and not one that does not', () => {
    expect(globHasMatch(at('data/2025-02-03/US/a.csv'))).toBe(true);
    expect(globHasMatch(at('empty'))).toBe(true);
    expect(globHasMatch(at('data/2025-02-03/US/c.csv'))).toBe(false);
  });

  it('matches * and ? within one segment only', () => {
    expect(globHasMatch(at('data/2025-02-03/US/*.csv'))).toBe(true);
    expect(globHasMatch(at('data/*/US/*.csv'))).toBe(true);
    expect(globHasMatch(at('data/2025-02-03/US/?.txt'))).toBe(true);
    expect(globHasMatch(at('data/2025-02-03/US/??.txt'))).toBe(false);
    expect(globHasMatch(at('data/*.csv'))).toBe(false); // * does not cross a /
    expect(globHasMatch(at('empty/*'))).toBe(false);
    expect(globHasMatch(at('missing/*/x'))).toBe(false);
  });

  it('does not let * match a leading dot unless the segment starts with one', () => {
    expect(globHasMatch(at('data/2025-02-03/EU/*.csv'))).toBe(false);
    expect(globHasMatch(at('data/2025-02-03/EU/.*.csv'))).toBe(true);
    expect(globHasMatch(at('*/inside.csv'))).toBe(false);
  });

  it('matches ** as zero or more directories, without descending into dot-dirs or links', () => {
    expect(globHasMatch(at('deep/**/report.json'))).toBe(true);
    expect(globHasMatch(at('deep/x/y/z/**/report.json'))).toBe(true); // zero directories
    expect(globHasMatch(at('**/*.log'))).toBe(true);
    expect(globHasMatch(at('**/inside.csv'))).toBe(false); // only under .dot
    expect(globHasMatch(at('deep/**/**/z/*.json'))).toBe(true);
    expect(globHasMatch(at('deep/**/missing.json'))).toBe(false); // finishes despite the loop link
  });

  it('follows a symbolic link named by a literal or * segment', () => {
    expect(globHasMatch(at('linked/*/US/a.csv'))).toBe(true);
    expect(globHasMatch(at('link*/2025-02-03/US/*.csv'))).toBe(true);
  });

  it('treats regex characters in a pattern as literal text', () => {
    fs.mkdirSync(at('odd (1)+[x]'), { recursive: true });
    fs.writeFileSync(at('odd (1)+[x]/a$b.csv'), 'x');
    expect(globHasMatch(at('odd (1)+[x]/*$b.csv'))).toBe(true);
    expect(globHasMatch(at('odd (1)+[x]/a.b.csv'))).toBe(false);
    expect(segmentRegExp('a.b*').test('aXb')).toBe(false);
  });

  it('answers quickly on a wide tree: it stops at the first match', () => {
    const wide = at('wide');
    for (let i = 0; i < 2000; i++) fs.mkdirSync(path.join(wide, `d${i}`), { recursive: true });
    fs.writeFileSync(path.join(wide, 'd1999', 'hit.csv'), 'x');
    const started = performance.now();
    expect(globHasMatch(path.join(wide, '**', 'hit.csv'))).toBe(true);
    expect(globHasMatch(path.join(wide, '*', 'miss.csv'))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
