/**
 * searchLog on real files: a scan stops between blocks when its signal is
 * aborted (the client went away), answers "not yet" at its time budget with
 * where it got to, and the caller going on from there finds the match.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLogQuery, searchLog } from '../../../electron/engine/logs/log-search.js';

let dir: string;
let file: string;
const MB = 1 << 20;
const SIZE = 128 * MB;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-log-search-'));
  file = path.join(dir, 'big.log');
  const block = Buffer.alloc(MB, 'z');
  for (let at = 99; at < MB; at += 100) block[at] = 0x0a;
  const fd = fs.openSync(file, 'w');
  for (let k = 0; k < SIZE / MB; k++) {
    block.write(k === SIZE / MB - 1 ? 'the final WORD' : 'zzzzzzzzzzzzzz', 5000);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('searchLog', () => {
  it('stops scanning when its signal is aborted, between two blocks', async () => {
    const query = compileLogQuery('fin(al|e) word', { regex: true });
    const abort = new AbortController();
    const started = performance.now();
    const scan = searchLog(file, query, { fromByte: 0, direction: 'next', writing: false, budgetMs: 60_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 30);
    await expect(scan).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('answers "not yet" at its time budget with where it got to, and goes on from there', async () => {
    const query = compileLogQuery('final word', {});
    let answer = await searchLog(file, query, { fromByte: 0, direction: 'next', writing: false, budgetMs: 0 });
    expect(answer).toMatchObject({ match: null, done: false, size: SIZE });
    let calls = 1;
    while (!answer.done) {
      expect(answer.scannedTo).toBeLessThan(SIZE);
      answer = await searchLog(file, query, { fromByte: answer.scannedTo, direction: 'next', writing: false, budgetMs: 0 });
      calls++;
    }
    expect(calls).toBeGreaterThan(10); // a block per call at a budget of 0
    expect(answer.match!.line).toMatchObject({ start: SIZE - MB + 5000, text: expect.stringMatching(/^the final WORD/) });
    expect(answer.match!.ranges).toEqual([[4, 14]]);
    const back = await searchLog(file, compileLogQuery('the final WORD', { caseSensitive: true }), { fromByte: SIZE, direction: 'prev', writing: false, budgetMs: 10_000 });
    expect(back.match!.line.start).toBe(SIZE - MB + 5000);
  });
});
