/**
 * The one multiplexed event stream of the renderer: GET /api/events as
 * Server-Sent Events (same-origin, so the session cookie goes with it).
 *
 * States: connecting → live (the stream opened) → lost (it broke: the
 * daemon stopped or restarts) → live again once a reconnect opens;
 * signed-out when the daemon answers 401 (the session expired), which only a
 * new login ends. The first connection asks for `after=now` and learns the
 * journal's head from the `head` message; every reconnect asks for the
 * events after the last seq seen, and SeqCursor drops anything at or below
 * it, so a listener gets each event once and in order however often the
 * connection drops. The browser's own EventSource retry is not used: it
 * would replay from the first URL's `after`.
 */
import type { ApiEvent } from '../../shared/api-contract.js';
import { SeqCursor } from './seq-cursor.js';
import { reconnectDelay } from './reconnect-delay.js';
import { ApiCallError, call } from './client.js';

/** Where the stream stands. */
export type ConnectionState = 'connecting' | 'live' | 'lost' | 'signed-out';

/** Every kind of journal row (EventSource hears only the event names it listens for). */
const EVENT_KINDS = ['run', 'task', 'attempt', 'alert', 'note', 'schedule', 'clock', 'backfill'] as const;
/** Fails to compile while the contract has a kind the list above lacks. */
const EVERY_KIND_HEARD: Exclude<ApiEvent['kind'], (typeof EVENT_KINDS)[number]> extends never ? true : never = true;
void EVERY_KIND_HEARD;

/** What the stream reports to. */
export interface EventStreamListener {
  /** Each new journal event, once, in seq order. */
  event(event: ApiEvent): void;
  /** The connection state changed. */
  state(state: ConnectionState): void;
}

/** See the file comment. */
export class EventStream {
  private readonly cursor = new SeqCursor();
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private current: ConnectionState = 'connecting';
  private stopped = false;

  constructor(private readonly listener: EventStreamListener) {}

  /** Where the stream stands now. */
  get state(): ConnectionState {
    return this.current;
  }

  /** The last journal seq delivered (null before the stream learnt the head). */
  get seq(): number | null {
    return this.cursor.seq;
  }

  /** Opens the stream (idempotent). */
  start(): void {
    if (this.source || this.stopped) return;
    const source = new EventSource(`/api/events?${this.cursor.query()}`, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.setState('live');
    };
    source.addEventListener('head', (message) => {
      this.cursor.start((JSON.parse((message as MessageEvent<string>).data) as { seq: number }).seq);
    });
    const onEvent = (message: MessageEvent<string>): void => {
      const event = JSON.parse(message.data) as ApiEvent;
      if (!this.cursor.known) this.cursor.start(event.seq - 1);
      if (this.cursor.accept(event.seq)) this.listener.event(event);
    };
    for (const kind of EVENT_KINDS) source.addEventListener(kind, onEvent as EventListener);
    source.onerror = () => this.lost();
  }

  /** Closes the stream for good. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
  }

  /** Opens again after a sign-in (the cookie changed). */
  restart(): void {
    this.stopped = false;
    this.failures = 0;
    this.source?.close();
    this.source = null;
    this.start();
  }

  private lost(): void {
    this.source?.close();
    this.source = null;
    if (this.stopped || this.retryTimer) return;
    if (this.current !== 'signed-out') this.setState('lost');
    const delay = reconnectDelay(this.failures++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconnect();
    }, delay);
  }

  /** Asks a cheap method first: it tells a stopped daemon (no answer) from an expired session (401). */
  private async reconnect(): Promise<void> {
    try {
      await call('projects.list', {});
    } catch (error) {
      if (error instanceof ApiCallError && error.status === 401) this.setState('signed-out');
      this.lost();
      return;
    }
    this.start();
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.listener.state(state);
  }
}
