import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, SchemaTooNewError, type Db } from '../../../electron/engine/store/open-store.js';
import { MIGRATIONS } from '../../../electron/engine/store/migrations/index.js';
import { insertRun, setRunState, getRun } from '../../../electron/engine/store/run-store.js';
import { insertTaskRuns, moveTasksTogether, setTaskState, tasksOfRun } from '../../../electron/engine/store/task-store.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';
import { taskSpec } from '../../helpers/fixtures.js';

const SPEC = taskSpec();

let db: Db | undefined;
afterEach(() => db?.close());

function newRun(store: Db): number {
  return insertRun(
    store,
    { project: 'p', projectFile: '/p/tickwork.yaml', targets: ['a'], selection: 'upstream', force: false, partition: { date: '2024-01-02' }, params: {}, pools: { default: 1 }, trigger: 'cli' },
    1000,
  );
}

describe('store', () => {
  it('creates a WAL database at the latest schema version with integrity ok', () => {
    const file = path.join(tempWorld().home, 'tw.db');
    db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('refuses a database written by a newer Tickwork and leaves it untouched', () => {
    const file = path.join(tempWorld().home, 'tw.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(SchemaTooNewError);
    expect(() => openStore(file)).toThrow(`database schema version ${MIGRATIONS.length + 1} is newer than this Tickwork understands (${MIGRATIONS.length})`);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    again.close();
  });

  it('moves many tasks together with one event each, leaving out tasks changed elsewhere first', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const runId = newRun(db);
    const names = Array.from({ length: 6 }, (_, i) => `t${i}`);
    const ids = insertTaskRuns(db, runId, names.map((name, i) => ({ pipeline: name, topoIndex: i, spec: SPEC, specHash: name, upstream: [], isTarget: false })), 1000);
    expect(listEvents(db, { runId }).filter((e) => e.kind === 'task').map((e) => [e.taskRunId, e.to, e.data])).toEqual(ids.map((id, i) => [id, 'pending', { pipeline: names[i] }]));
    const [first, second] = tasksOfRun(db, runId);
    setTaskState(db, first!, 'pending', 'cancelled', 1001); // another process got there first
    const moved = moveTasksTogether(db, runId, 'pending', 'waiting', ids, 1002);
    expect([...moved]).toEqual(ids.slice(1));
    expect(tasksOfRun(db, runId).map((t) => t.state)).toEqual(['cancelled', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    const movedEvents = listEvents(db, { runId }).filter((e) => e.at === 1002);
    expect(movedEvents.map((e) => [e.kind, e.taskRunId, e.from, e.to, e.data])).toEqual(ids.slice(1).map((id, i) => ['task', id, 'pending', 'waiting', { pipeline: names[i + 1] }]));
    expect(() => moveTasksTogether(db!, runId, 'waiting', 'succeeded', [second!.id], 1003)).toThrow(/illegal|sets more than the state/);
    expect(() => moveTasksTogether(db!, runId, 'waiting', 'upstream_failed', [second!.id], 1003)).toThrow('sets more than the state');
  });

  it('appends exactly one event per state change, in the same transaction', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const runId = newRun(db);
    insertTaskRuns(db, runId, [{ pipeline: 'a', topoIndex: 0, spec: SPEC, specHash: 'h', upstream: [], isTarget: true }], 1000);
    const [task] = tasksOfRun(db, runId);
    expect(setTaskState(db, task!, 'pending', 'ready', 1001)).toBe(true);
    expect(setRunState(db, runId, 'queued', 'running', 1002)).toBe(true);
    const events = listEvents(db, { runId }).map((e) => [e.kind, e.from, e.to]);
    expect(events).toEqual([
      ['run', null, 'queued'],
      ['task', null, 'pending'],
      ['task', 'pending', 'ready'],
      ['run', 'queued', 'running'],
    ]);
    expect(getRun(db, runId)!.startedAt).toBe(1002);
  });

  it('refuses a transition from a state the row is no longer in (compare-and-set), writing no event', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const runId = newRun(db);
    expect(setRunState(db, runId, 'queued', 'cancelled', 1001)).toBe(true);
    const before = listEvents(db).length;
    expect(setRunState(db, runId, 'queued', 'running', 1002)).toBe(false);
    expect(listEvents(db).length).toBe(before);
    expect(getRun(db, runId)!.state).toBe('cancelled');
  });

  it('throws on an illegal transition before touching the row', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    const runId = newRun(db);
    expect(() => setRunState(db!, runId, 'queued', 'succeeded', 1001)).toThrow('illegal run transition queued → succeeded');
    expect(getRun(db, runId)!.state).toBe('queued');
  });

  it('keeps the events journal append-only', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    newRun(db);
    expect(() => db!.prepare('UPDATE events SET kind = ?').run('x')).toThrow('events are append-only');
    expect(() => db!.prepare('DELETE FROM events').run()).toThrow('events are append-only');
  });
});
