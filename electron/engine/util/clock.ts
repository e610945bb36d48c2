/**
 * The engine's only source of time. Production uses the system clock; tests
 * inject a clock they can move, so a weekend or a backoff passes instantly.
 */

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** Reads time and sets timers; everything in the engine goes through one of these. */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds (of this clock's time). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

/** The longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: Date.now and Node timers (unref'd timers never keep the process alive alone). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    // Node fires a delay over 2^31−1 ms (24.8 days) at once: longer waits are taken in hops.
    let timer: NodeJS.Timeout;
    const arm = (remaining: number): void => {
      timer = setTimeout(() => (remaining > MAX_TIMER_MS ? arm(remaining - MAX_TIMER_MS) : fn()), Math.min(Math.max(0, remaining), MAX_TIMER_MS));
    };
    arm(ms);
    return { cancel: () => clearTimeout(timer) };
  },
};
