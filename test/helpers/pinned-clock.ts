/** Env that starts a CLI child's wall clock at a given instant (see pinned-clock.cjs). */
import path from 'node:path';

const PRELOAD = path.resolve(__dirname, 'pinned-clock.cjs');

/** Env for `tickwork(home, args, { env })` whose clock starts at `iso` (e.g. '2025-01-20T15:00:00Z'). */
export function pinnedClockEnv(iso: string): NodeJS.ProcessEnv {
  const start = Date.parse(iso);
  if (!Number.isFinite(start)) throw new Error(`pinnedClockEnv: not an instant: ${iso}`);
  // JSON quoting keeps a checkout path with spaces one argument (NODE_OPTIONS reads double quotes).
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(PRELOAD)}`.trim(), TICKWORK_TEST_CLOCK_START: String(start) };
}
