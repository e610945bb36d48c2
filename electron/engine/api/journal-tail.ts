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
 *
 * Back-pressure: a subscriber whose `deliver` returns false (its socket's
 * buffer is full: a client that stopped reading) is paused at its cursor and
 * left out of reads until it calls `resume()`, so a stalled client holds one
 * number in memory, not a growing copy of the journal, and does not hold the
 * other subscribers back.
 */
import type { Db } from '../store/open-store.js';
import type { EventRecord } from '../../../shared/run-model.js';
import { listEvents } from '../store/event-journal.js';

/** Events read per query. */
const PAGE = 1000;

/** Takes one event; returns false when the receiver is full and wants no more until it resumes. */
export type Deliver = (event: EventRecord) => boolean | void;

/** One subscriber's handle. */
export interface JournalSubscription {
  /** Stops delivering to this subscriber. */
  close(): void;
  /** Delivers again after `deliver` returned false (the receiver drained). */
  resume(): void;
}

interface Subscriber {
  seq: number;
  paused: boolean;
  readonly deliver: Deliver;
}

/** See the file comment. */
export class JournalTail {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;
  private readSoon: NodeJS.Immediate | null = null;

  /** `pollMs`: how often to look for commits made by other processes while someone listens. */
  constructor(private readonly db: Db, private readonly pollMs: number) {}

  /** Delivers every event after `after`, then each new one as it lands, pausing while `deliver` says it is full. */
  subscribe(after: number, deliver: Deliver): JournalSubscription {
    const subscriber: Subscriber = { seq: after, paused: false, deliver };
    this.subscribers.add(subscriber);
    this.timer ??= setInterval(() => this.read(), this.pollMs);
    this.read();
    return {
      close: () => {
        this.subscribers.delete(subscriber);
        if (this.subscribers.size === 0) this.stop();
      },
      resume: () => {
        if (!subscriber.paused || !this.subscribers.has(subscriber)) return;
        subscriber.paused = false;
        this.poke();
      },
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
    const active = [...this.subscribers].filter((s) => !s.paused);
    if (active.length === 0) return;
    const from = Math.min(...active.map((s) => s.seq));
    let events: EventRecord[];
    try {
      events = listEvents(this.db, { afterSeq: from, limit: PAGE });
    } catch {
      return; // the store is busy for a moment: the next poke or tick reads from the same cursors
    }
    for (const subscriber of active) {
      for (const event of events) {
        if (event.seq <= subscriber.seq) continue;
        subscriber.seq = event.seq;
        if (subscriber.deliver(event) === false) {
          subscriber.paused = true;
          break;
        }
      }
    }
    // A full page: more is waiting. Read it after letting other work (API calls, the engine) run.
    if (events.length === PAGE) this.poke();
  }
}
