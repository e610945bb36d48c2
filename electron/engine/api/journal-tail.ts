/**
 * Fans the events journal out to every event-stream client with one reader.
 *
 * The journal, not the engine's in-process events, is what clients get: it
 * holds every writer's changes (the daemon's engine, its scheduler and alert
 * monitor, CLI processes) in one order, each with its sequence number for a
 * resumable stream. `poke()` (the daemon's own engine just committed) reads on
 * the next turn of the event loop, so live views lag by microseconds rather
 * than a poll; a slower timer, armed only while someone listens, catches
 * commits made by other processes.
 *
 * Each read starts after the lowest cursor of all subscribers and gives each
 * subscriber the events after its own cursor; a read that fills its page
 * reads the next one on the following turn of the event loop, so a client
 * resuming from far back catches up without stalling the daemon.
 */
import type { Db } from '../store/open-store.js';
import type { EventRecord } from '../../../shared/run-model.js';
import { listEvents } from '../store/event-journal.js';

/** Events read per query. */
const PAGE = 1000;

interface Subscriber {
  seq: number;
  readonly deliver: (event: EventRecord) => void;
}

/** See the file comment. */
export class JournalTail {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;
  private readSoon: NodeJS.Immediate | null = null;

  /** `pollMs`: how often to look for commits made by other processes while someone listens. */
  constructor(private readonly db: Db, private readonly pollMs: number) {}

  /** Delivers every event after `after`, then each new one as it lands; returns the unsubscribe call. */
  subscribe(after: number, deliver: (event: EventRecord) => void): () => void {
    const subscriber: Subscriber = { seq: after, deliver };
    this.subscribers.add(subscriber);
    this.timer ??= setInterval(() => this.read(), this.pollMs);
    this.read();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  /** New events were just committed in this process: read them on the next turn of the event loop. */
  poke(): void {
    if (this.subscribers.size === 0 || this.readSoon) return;
    this.readSoon = setImmediate(() => {
      this.readSoon = null;
      this.read();
    });
  }

  /** Stops reading (subscribers are dropped). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.readSoon) clearImmediate(this.readSoon);
    this.timer = null;
    this.readSoon = null;
    this.subscribers.clear();
  }

  private read(): void {
    if (this.subscribers.size === 0) return;
    const from = Math.min(...[...this.subscribers].map((s) => s.seq));
    let events: EventRecord[];
    try {
      events = listEvents(this.db, { afterSeq: from, limit: PAGE });
    } catch {
      return; // the store is busy for a moment: the next poke or tick reads from the same cursors
    }
    for (const subscriber of [...this.subscribers]) {
      for (const event of events) {
        if (event.seq <= subscriber.seq) continue;
        subscriber.deliver(event);
        subscriber.seq = event.seq;
      }
    }
    // A full page: more is waiting. Read it after letting other work (API calls, the engine) run.
    if (events.length === PAGE) this.poke();
  }
}
