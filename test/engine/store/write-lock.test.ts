import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { exitOf } from '../../helpers/cli.js';
import { BUSY_TIMEOUT_MS, openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { inTransaction, inWriteTransaction, transaction } from '../../../electron/engine/store/statements.js';

const HOLD_MS = 400;
const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');

let db: Db | undefined;
const holders: ChildProcess[] = [];
afterEach(async () => {
  db?.close();
  db = undefined;
  for (const child of holders.splice(0)) await exitOf(child);
});

/** Another process takes the write lock, writes a row, says "locked", holds the lock HOLD_MS, then commits. */
async function holdWriteLock(file: string): Promise<void> {
  const script = `
    const db = new (require(${JSON.stringify(sqlite)}))(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO scratch (n) VALUES (1)').run();
    process.stdout.write('locked\\n', () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${HOLD_MS});
      db.exec('COMMIT');
      db.close();
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code} before locking`)));
  });
}

function scratchStore(): { db: Db; file: string } {
  const file = path.join(tempWorld().home, 'tickwork.db');
  db = openStore(file);
  db.exec('CREATE TABLE scratch (n INTEGER NOT NULL)');
  return { db, file };
}

/** Reads, then writes what it read: the shape that used to fail under a concurrent writer. */
function readThenWrite(store: Db): number {
  const seen = store.prepare('SELECT count(*) FROM scratch').pluck().get() as number;
  store.prepare('INSERT INTO scratch (n) VALUES (?)').run(seen + 100);
  return seen;
}

describe('the write-lock rule', () => {
  it.each([
    ['inTransaction', inTransaction],
    ['transaction', transaction],
    ['inWriteTransaction', inWriteTransaction],
  ] as const)('%s waits for another process to release the write lock, then reads what it committed before writing', async (_name, run) => {
    const { db: store, file } = scratchStore();
    await holdWriteLock(file);
    const started = Date.now();
    const seen = run(store, () => readThenWrite(store));
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_MS / 2);
    // The lock came before the snapshot: the other process's row is visible, so nothing is written from a stale read.
    expect(seen).toBe(1);
    expect(store.prepare('SELECT n FROM scratch ORDER BY rowid').pluck().all()).toEqual([1, 101]);
  });

  it('a deferred read-then-write under another writer fails at once without waiting (why every transaction is immediate)', async () => {
    const { db: store, file } = scratchStore();
    await holdWriteLock(file);
    const started = Date.now();
    expect(() => store.transaction(() => readThenWrite(store)).deferred()).toThrow(expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }));
    expect(Date.now() - started).toBeLessThan(HOLD_MS / 2);
  });

  it('every connection opens in WAL mode with the busy timeout', () => {
    const { db: store } = scratchStore();
    expect(store.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
  });
});
