import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { appendEvent, lastEventSeq, lastSeqBefore } from '../../../electron/engine/store/event-journal.js';

let db: Db | undefined;
afterEach(() => db?.close());

describe('events journal', () => {
  it('finds the newest event older than an instant by binary search over seq', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    expect(lastSeqBefore(db, 1_000)).toBe(0);
    const seqs = [100, 200, 200, 300, 400, 500].map((at) => appendEvent(db!, { at, kind: 'run', runId: 1, to: 'running' }));
    expect(lastEventSeq(db)).toBe(seqs[5]);
    expect(lastSeqBefore(db, 50)).toBe(0);
    expect(lastSeqBefore(db, 100)).toBe(0);
    expect(lastSeqBefore(db, 101)).toBe(seqs[0]);
    expect(lastSeqBefore(db, 250)).toBe(seqs[2]);
    expect(lastSeqBefore(db, 10_000)).toBe(seqs[5]);
  });
});
