/**
 * Keeps a TrayState from the daemon link (plain Node, no Electron): reads a
 * snapshot (runs, schedules, projects) on connect, moves a run at once on
 * its run event, and re-reads shortly after run and schedule events —
 * coalesced: one re-read per `refreshDelayMs` however many events came, and
 * a second one if events arrived while the first was in flight, so the tray
 * is current within about `refreshDelayMs` + one round trip (well under 1 s).
 * A timer re-tells listeners every `tickMs` (countdowns and ages move), and
 * re-reads when a schedule's next fire has passed or a minute went by without
 * events (projects reloaded, schedules edited, which push no event).
 */
import type { EventRecord } from '../../shared/run-model.js';
import type { DaemonLink } from './shell-context.js';
import { initialTrayState, reduceTray, type TrayChange, type TraySnapshot, type TrayState } from './tray-state.js';

/** The part of the DaemonLink the feed uses. */
export type TraySource = Pick<DaemonLink, 'current' | 'call' | 'onEvent' | 'onConnection'>;

/** See startTrayFeed. */
export interface TrayFeedOptions {
  readonly source: TraySource;
  readonly now?: () => number;
  /** How long after an event the re-read starts (default 100 ms). */
  readonly refreshDelayMs?: number;
  /** How often listeners hear the time move (default 15 s). */
  readonly tickMs?: number;
  /** Re-read at least this often while connected (default 60 s). */
  readonly rereadMs?: number;
  readonly log?: (line: string) => void;
}

/** A running feed. */
export interface TrayFeed {
  state(): TrayState;
  /** Hears every state change and every tick; returns the unsubscribe. */
  onChange(listener: (state: TrayState) => void): () => void;
  /** The user opened the menu or the dashboard: "failed since last look" starts over. */
  looked(): void;
  /** Resolves once no re-read is pending or in flight (tests, and callers that just acted). */
  settled(): Promise<void>;
  /** Clears the timers and the link's listeners. */
  stop(): void;
}

/** How many finished runs a snapshot reads (more than shown: cancelled and duplicate rows fall out). */
const RECENT_READ = 20;

/** Starts a feed on `options.source`; see the file comment. */
export function startTrayFeed(options: TrayFeedOptions): TrayFeed {
  const { source } = options;
  const now = options.now ?? Date.now;
  const refreshDelayMs = options.refreshDelayMs ?? 100;
  const log = options.log ?? (() => {});
  const listeners = new Set<(state: TrayState) => void>();
  let state = initialTrayState(now());
  let stopped = false;
  let generation = 0; // bumped per connection change: a snapshot read for an older connection is dropped
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let dirty = false;
  let lastReadAt = 0;
  let heardDuringRead: EventRecord[] = [];
  const idleWaiters: Array<() => void> = [];
  const checkIdle = (): void => {
    if (stopped || (inFlight === null && timer === null)) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const tell = (): void => {
    for (const listener of [...listeners]) listener(state);
  };
  const apply = (change: TrayChange): void => {
    const next = reduceTray(state, change);
    if (next === state) return;
    state = next;
    tell();
  };

  const read = async (): Promise<TraySnapshot> => {
    const [recent, running, queued, schedules, projects] = await Promise.all([
      source.call('runs.list', { limit: RECENT_READ }),
      source.call('runs.list', { state: 'running', limit: 1000 }),
      source.call('runs.list', { state: 'queued', limit: 1000 }),
      source.call('schedules.list', { next: 20 }),
      source.call('projects.list', {}),
    ]);
    return { runs: [...running, ...queued, ...recent], schedules, projects };
  };

  const refresh = (): void => {
    timer = null;
    if (stopped || !state.connected) return checkIdle();
    if (inFlight) {
      dirty = true;
      return;
    }
    const startedFor = generation;
    heardDuringRead = [];
    lastReadAt = now();
    inFlight = read().then(
      (snapshot) => {
        if (stopped || startedFor !== generation) return;
        apply({ type: 'snapshot', snapshot });
        // The snapshot may predate events heard while it was read: replay them over it.
        for (const event of heardDuringRead) apply({ type: 'event', event });
      },
      (error: unknown) => log(`tray: reading the daemon's state failed: ${error instanceof Error ? error.message : String(error)}`),
    ).finally(() => {
      inFlight = null;
      heardDuringRead = [];
      if (dirty) {
        dirty = false;
        soon();
      }
      checkIdle();
    });
  };
  const soon = (): void => {
    if (timer === null && !stopped) timer = setTimeout(refresh, refreshDelayMs);
  };

  const offConnection = source.onConnection((connected) => {
    if (connected === state.connected) return;
    generation += 1;
    apply({ type: 'connection', connected });
    if (connected) refresh();
  });
  const offEvent = source.onEvent((event) => {
    if (event.kind !== 'run' && event.kind !== 'schedule') return;
    apply({ type: 'event', event });
    if (inFlight) heardDuringRead.push(event);
    soon();
  });
  const ticker = setInterval(() => {
    if (!state.connected) return;
    const t = now();
    const firePassed = state.schedules.some((s) => s.nextFire !== null && s.nextFire <= t);
    if (firePassed || t - lastReadAt >= (options.rereadMs ?? 60_000)) soon();
    tell();
  }, options.tickMs ?? 15_000);
  ticker.unref?.();

  if (source.current() !== null) {
    apply({ type: 'connection', connected: true });
    refresh();
  }

  return {
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    looked: () => apply({ type: 'looked', at: now() }),
    settled() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      clearInterval(ticker);
      offConnection();
      offEvent();
      listeners.clear();
      checkIdle();
    },
  };
}
