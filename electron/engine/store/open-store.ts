/**
 * Opens the Tickwork SQLite store: WAL journal, foreign keys, a busy timeout
 * for concurrent CLI/engine processes, then the numbered migrations.
 *
 * synchronous=NORMAL in WAL mode: a committed transaction survives the engine
 * being killed (kill -9) because it is already in the OS page cache; only a
 * power cut can drop the last few commits, never corrupt the file.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';

/** The store handle shared by the repositories. */
export type Db = Database.Database;

/** Raised when the database was written by a newer Tickwork. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly known: number, readonly file: string) {
    super(`${file}: database schema version ${found} is newer than this Tickwork understands (${known}); upgrade Tickwork`);
    this.name = 'SchemaTooNewError';
  }
}

/**
 * How long a statement waits for a lock another process holds before it
 * fails with SQLITE_BUSY. Write transactions take the write lock up front
 * (statements.ts), so this is the one wait there is; they last milliseconds,
 * and the margin is for a laptop under load (several engines and their tasks
 * on two cores), where waiting beats crashing a run.
 */
export const BUSY_TIMEOUT_MS = 15_000;

/** Opens (creating if needed) and migrates the store at `file`. */
export function openStore(file: string): Db {
  // The timeout is set by the constructor, so it already covers switching a new file to WAL, which two first starts may race for.
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Checkpoint every ~40 MB of WAL rather than every 4 MB: each checkpoint
  // fsyncs twice, and a 1000-task run would otherwise pay that a dozen times.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  // 8 MB of page cache (SQLite's default here is 16 MB): the hot path touches
  // few pages, and an always-on daemon should stay small as history grows.
  db.pragma('cache_size = -8000');
  migrate(db, file);
  return db;
}

/**
 * A private store in memory with the same schema (every migration), for a
 * local run (run/local-mode.ts): nothing is written to disk, no locks another
 * process could wait on. Gone once closed. Its journal keeps notes (facts a
 * run prints, store/run-notes.ts) but drops state-change events: nobody can
 * follow this store (no daemon, no other process), and the engine reports its
 * transitions directly.
 */
export function openMemoryStore(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, ':memory:');
  db.exec(`CREATE TEMP TRIGGER events_unfollowed BEFORE INSERT ON main.events WHEN NEW.kind <> 'note' BEGIN SELECT RAISE(IGNORE); END;`);
  return db;
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    db.close();
    throw new SchemaTooNewError(current, MIGRATIONS.length, file);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1]!;
    // IMMEDIATE: two processes opening a fresh home at once must not both migrate.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= version) return;
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
