/**
 * A clock tests move by hand. `advance` runs the timers that fall due, in
 * order (time passing while awake); `jump` only moves wall time (a laptop
 * sleeping, or the clock being set), as Node's monotonic timers would see it.
 */
import type { Clock, TimerHandle } from '../../electron/engine/util/clock.js';

/** See the file comment. */
export class FakeClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;
  /** Monotonic time: advances with `advance`, not with `jump`. */
  mono = 0;

  constructor(private wall: number) {}

  now(): number {
    return this.wall;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.mono + Math.max(0, ms), fn, id: this.nextId++ };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** Lets `ms` pass while awake: wall and monotonic time move together, due timers run. */
  advance(ms: number): void {
    const end = this.mono + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.wall += due.at - this.mono;
      this.mono = due.at;
      due.fn();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  /** Moves wall time only (sleep, or a clock change; negative goes backwards). */
  jump(ms: number): void {
    this.wall += ms;
  }
}
