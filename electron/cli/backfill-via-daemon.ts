/**
 * A backfill driven by the running daemon: runs are created with
 * `runs.trigger` (trigger `backfill`), followed over the event stream, and
 * cancelled with `runs.cancel` — no second engine on the home.
 */
import type { BackfillDriverFactory } from '../engine/backfill/backfill.js';
import { isRunTerminal, type RunState } from '../../shared/state-machines.js';
import { callDaemon, subscribeEvents, type DaemonApi } from './daemon-client.js';

/** What the daemon driver needs. */
export interface DaemonDriverOptions {
  readonly api: DaemonApi;
  readonly projectFile: string;
  readonly target: string;
  readonly params: Readonly<Record<string, string>>;
  /** Journal position before the backfill looked at earlier runs: every later change is streamed. */
  readonly afterSeq: number;
}

/** A driver factory that goes through the daemon's API. */
export function daemonDriver(options: DaemonDriverOptions): BackfillDriverFactory {
  const { api } = options;
  return (onFinished) => {
    let streamError: Error | null = null;
    const subscription = subscribeEvents(
      api,
      options.afterSeq,
      (event) => {
        if (event.kind === 'run' && event.runId !== null && event.to !== null && isRunTerminal(event.to as RunState)) onFinished(event.runId, event.to as RunState);
      },
      (error) => (streamError = error),
    );
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
          });
          return { runId: id };
        } catch (error) {
          const message = (error as Error).message;
          if (message.startsWith('skipped')) return { skipped: message };
          throw error;
        }
      },
      adopt: () => true, // the daemon drives every unfinished run of its home
      async cancel(runId) {
        await callDaemon(api, 'runs.cancel', { id: runId });
      },
      async stop() {
        subscription.close();
      },
    };
  };
}
