/** Prepared-statement cache: each SQL text is prepared once per connection. */
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Returns the cached prepared statement for `sql` on `db`. */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Transactions. The locking rule: every transaction here takes the write lock
 * up front (BEGIN IMMEDIATE), and waits for it under the connection's busy
 * timeout (open-store.ts). A deferred transaction starts as a reader and
 * upgrades at its first write; in WAL mode that upgrade fails at once with
 * SQLITE_BUSY (another process holds the write lock) or SQLITE_BUSY_SNAPSHOT
 * (another process committed since the read), without calling the busy
 * handler, because waiting could not help a reader holding an old snapshot.
 * Four `run --wait` on one home crashed that way when settling a failed
 * attempt read its kill reason before writing its outcome. Read-only work
 * stays outside these helpers, so readers never queue behind writers.
 *
 * One transaction function per connection, running whatever it is given:
 * `db.transaction(fn)` builds four wrapper functions and defines their
 * properties on every call, a cost paid several times per task.
 */
const runners = new WeakMap<Database.Database, Database.Transaction<(fn: () => unknown) => unknown>>();

function runner(db: Database.Database): Database.Transaction<(fn: () => unknown) => unknown> {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((fn: () => unknown) => fn());
    runners.set(db, run);
  }
  return run;
}

/** Runs `fn` in a write transaction (BEGIN IMMEDIATE), or in a SAVEPOINT when one is already open. */
export function transaction<T>(db: Database.Database, fn: () => T): T {
  return runner(db).immediate(fn) as T;
}

/**
 * Runs `fn` in a write transaction (BEGIN IMMEDIATE), or inline when one is
 * already open: nested better-sqlite3 transactions become SAVEPOINTs, which
 * cost two extra statements per state change on the hot path.
 */
export function inTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.inTransaction ? fn() : (runner(db).immediate(fn) as T);
}

/** The same as inTransaction (every transaction takes the write lock up front); the name says so at call sites that read before they write. */
export function inWriteTransaction<T>(db: Database.Database, fn: () => T): T {
  return inTransaction(db, fn);
}

/** PRAGMA data_version through a cached statement (db.pragma prepares anew on every call; the sync timer asks 10× a second). */
export function dataVersion(db: Database.Database): number {
  return stmt(db, 'PRAGMA data_version').pluck().get() as number;
}
