/**
 * The event stream's position: the highest journal seq delivered so far.
 * A reconnect resumes after it, and an event at or below it (a replay
 * overlapping what was already seen) is dropped, so views see every event
 * once, in order, across reconnects.
 */

/** See the file comment. */
export class SeqCursor {
  private last: number | null;

  /** `start`: the seq already accounted for (null until the stream says where "now" is). */
  constructor(start: number | null = null) {
    this.last = start;
  }

  /** The highest seq seen, or null before the first. */
  get seq(): number | null {
    return this.last;
  }

  /** True once the stream's starting point is known. */
  get known(): boolean {
    return this.last !== null;
  }

  /** Sets the starting point if none is known yet (the stream's `head`); a later head changes nothing. */
  start(seq: number): void {
    if (this.last === null) this.last = seq;
  }

  /** True (and advances) when `seq` is new; false for a duplicate or an older event. */
  accept(seq: number): boolean {
    if (this.last !== null && seq <= this.last) return false;
    this.last = seq;
    return true;
  }

  /** The query string of the next connection: resume after the last seq, or start at the journal's head. */
  query(): string {
    return this.last === null ? 'after=now' : `after=${this.last}`;
  }
}
