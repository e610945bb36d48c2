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

/** Exactly `db.transaction(fn)()` (a SAVEPOINT when one is already open), without building the wrapper each time. */
export function transaction<T>(db: Database.Database, fn: () => T): T {
  return runner(db)(fn) as T;
}

/**
 * Runs `fn` in a transaction, or inline when one is already open: nested
 * better-sqlite3 transactions become SAVEPOINTs, which cost two extra
 * statements per state change on the hot path.
 */
export function inTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.inTransaction ? fn() : (runner(db)(fn) as T);
}

/**
 * Like inTransaction, but a new transaction takes the write lock up front
 * (BEGIN IMMEDIATE): a read-then-write transaction that starts deferred gets
 * SQLITE_BUSY at once, without waiting, when another process writes first.
 */
export function inWriteTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.inTransaction ? fn() : (runner(db).immediate(fn) as T);
}

/** PRAGMA data_version through a cached statement (db.pragma prepares anew on every call; the sync timer asks 10× a second). */
export function dataVersion(db: Database.Database): number {
  return stmt(db, 'PRAGMA data_version').pluck().get() as number;
}
