/**
 * Preloaded into a CLI child (`node --require`, through NODE_OPTIONS) to start
 * its wall clock at TICKWORK_TEST_CLOCK_START (ms since the epoch): Date.now()
 * and `new Date()` read that instant plus the real time elapsed since the
 * process started, so timers and waits still move. Children it spawns inherit
 * NODE_OPTIONS, and with it the same pinned start. Tests only.
 */
'use strict';
const start = Number(process.env.TICKWORK_TEST_CLOCK_START);
if (Number.isFinite(start)) {
  const RealDate = Date;
  const realStart = RealDate.now();
  const now = () => start + (RealDate.now() - realStart);
  class PinnedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(now());
      else super(...args);
    }
    static now() {
      return now();
    }
  }
  globalThis.Date = PinnedDate;
}
