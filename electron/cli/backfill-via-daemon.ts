/**
 * A backfill driven by the running daemon: runs are created with
 * `runs.trigger` (trigger `backfill`), followed over the event stream, and
 * cancelled with `runs.cancel` — no second engine on the home.
 */
import { BackfillPlanError, type BackfillDriverFactory } from '../engine/backfill/backfill.js';
import { isRunTerminal, type RunState } from '../../shared/state-machines.js';
import { ApiCallError, callDaemon, subscribeEvents, type DaemonApi, type EventSubscription } from './daemon-client.js';

/** Times the event stream is picked up again after it broke, before the backfill gives up on it. */
const RECONNECTS = 5;

/** What the daemon driver needs. */
export interface DaemonDriverOptions {
  readonly api: DaemonApi;
  readonly projectFile: string;
  readonly target: string;
  readonly params: Readonly<Record<string, string>>;
  /** Journal position before the backfill looked at earlier runs: every later change is streamed. */
  readonly afterSeq: number;
  /** This shell's values of the project's env_passthrough names, sent with each run (passthrough-key.ts passthroughValues). */
  readonly passthrough?: Readonly<Record<string, string>>;
}

/** A driver factory that goes through the daemon's API. */
export function daemonDriver(options: DaemonDriverOptions): BackfillDriverFactory {
  const { api } = options;
  return ({ finished, lost }) => {
    let lastSeq = options.afterSeq;
    let streamError: Error | null = null;
    let subscription: EventSubscription | null = null;
    let reconnects = 0;
    let stopped = false;
    const subscribe = (): void => {
      if (stopped) return;
      subscription = subscribeEvents(
        api,
        lastSeq,
        (event) => {
          lastSeq = event.seq;
          reconnects = 0;
          if (event.kind === 'run' && event.runId !== null && event.to !== null && isRunTerminal(event.to as RunState)) finished(event.runId, event.to as RunState);
        },
        (error) => {
          // A hiccup: pick the stream up where it broke. A daemon that is gone: give up, the runs carry on without us.
          if (++reconnects <= RECONNECTS) setTimeout(subscribe, 200 * reconnects);
          else {
            streamError = error;
            lost(new Error(`lost the daemon (its event stream: ${error.message}); its runs carry on — run the backfill again to follow them`));
          }
        },
      );
    };
    subscribe();
    return {
      async start(partition) {
        if (streamError) throw new Error(`lost the daemon's event stream: ${streamError.message}`);
        const { date, ...keys } = partition;
        try {
          const { id } = await callDaemon(api, 'runs.trigger', {
            project: options.projectFile,
            targets: [options.target],
            date,
            partition: keys,
            params: { ...options.params },
            trigger: 'backfill',
            ...(options.passthrough ? { passthrough: { ...options.passthrough } } : {}),
          });
          return { runId: id };
        } catch (error) {
          const message = (error as Error).message;
          if (error instanceof ApiCallError && error.status === 409) return { skipped: message };
          if (error instanceof ApiCallError && error.status === 400) throw new BackfillPlanError(message);
          if (error instanceof ApiCallError) throw error;
          throw new Error(`lost the daemon (${message}); its runs carry on — run the backfill again to follow them`);
        }
      },
      adopt: () => true, // the daemon drives every unfinished run of its home
      async cancel(runId) {
        await callDaemon(api, 'runs.cancel', { id: runId });
      },
      async stop() {
        stopped = true;
        subscription?.close();
      },
    };
  };
}
