import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { waitFor } from '../../helpers/wait-for.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { appendEvent } from '../../../electron/engine/store/event-journal.js';
import { JournalTail } from '../../../electron/engine/api/journal-tail.js';

const open: Db[] = [];
let tail: JournalTail | undefined;
afterEach(() => {
  tail?.stop();
  for (const db of open.splice(0)) db.close();
});

function store(file: string): Db {
  const db = openStore(file);
  open.push(db);
  return db;
}

describe('journal tail (event streams)', () => {
  it('gives every subscriber each event after its own cursor once, in order: pushed at once when poked, polled when another process wrote', async () => {
    const file = path.join(tempWorld().home, 'tw.db');
    const daemon = store(file);
    const other = store(file); // a CLI process: its commits are only seen by polling
    const first = appendEvent(daemon, { at: 1, kind: 'run', runId: 1, to: 'queued' });
    tail = new JournalTail(daemon, 60_000); // no poll within this test's first part
    const a: number[] = [];
    const b: number[] = [];
    tail.subscribe(0, (e) => void a.push(e.seq));
    tail.subscribe(first, (e) => void b.push(e.seq));
    expect(a).toEqual([first]);
    expect(b).toEqual([]);

    const second = appendEvent(daemon, { at: 2, kind: 'run', runId: 1, from: 'queued', to: 'running' });
    tail.poke();
    await waitFor(() => b.length === 1, 'the poked event');
    expect(a).toEqual([first, second]);
    expect(b).toEqual([second]);

    tail.stop();
    tail = new JournalTail(daemon, 20);
    const c: number[] = [];
    tail.subscribe(second, (e) => void c.push(e.seq));
    const third = appendEvent(other, { at: 3, kind: 'run', runId: 1, from: 'running', to: 'succeeded' });
    await waitFor(() => c.length === 1, "the other process's event, by polling");
    expect(c).toEqual([third]);
  });

  it('catches a subscriber up from far back page by page, without duplicates or gaps', async () => {
    const db = store(path.join(tempWorld().home, 'tw.db'));
    db.transaction(() => {
      for (let i = 0; i < 2_500; i++) appendEvent(db, { at: i, kind: 'task', runId: 1, to: 'ready' });
    })();
    tail = new JournalTail(db, 60_000);
    const seen: number[] = [];
    tail.subscribe(0, (e) => void seen.push(e.seq));
    expect(seen.length).toBe(1_000); // the first page at once; the rest on later turns of the event loop
    await waitFor(() => seen.length === 2_500, 'the whole journal');
    expect(seen).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
  });

  it('pauses a subscriber that says it is full at its cursor, keeps feeding the others, and resumes it where it stopped', async () => {
    const db = store(path.join(tempWorld().home, 'tw.db'));
    const append = (n: number): void =>
      db.transaction(() => {
        for (let i = 0; i < n; i++) appendEvent(db, { at: i, kind: 'task', runId: 1, to: 'ready' });
      })();
    append(10);
    tail = new JournalTail(db, 60_000);
    const slow: number[] = [];
    let room = 3;
    const slowSubscription = tail.subscribe(0, (e) => {
      slow.push(e.seq);
      return --room > 0; // full after 3 events
    });
    const fast: number[] = [];
    tail.subscribe(0, (e) => void fast.push(e.seq));
    expect(slow).toEqual([1, 2, 3]);
    expect(fast).toHaveLength(10);

    append(5);
    tail.poke();
    await waitFor(() => fast.length === 15, 'the reading subscriber to get the new events');
    expect(slow).toEqual([1, 2, 3]); // nothing is delivered to (or queued for) a full subscriber

    room = Infinity;
    slowSubscription.resume();
    await waitFor(() => slow.length === 15, 'the resumed subscriber to catch up');
    expect(slow).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });
});
