/**
 * One object per page that joins the transport to the cache: the query
 * client, the event stream feeding it (live-cache.ts), and the connection
 * state the banner shows. Created once in main.tsx; `dispose()` closes it.
 */
import { QueryClient } from '@tanstack/react-query';
import { EventStream } from './event-stream.js';
import { LiveCache } from './live-cache.js';
import { ConnectionStore } from './connection-store.js';
import { setUnauthorizedListener } from './client.js';

/** See the file comment. */
export interface EngineConnection {
  readonly queryClient: QueryClient;
  readonly live: LiveCache;
  readonly connection: ConnectionStore;
  dispose(): void;
}

/** Opens the event stream and makes the query client it feeds. */
export function connectEngine(): EngineConnection {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // Fresh until an event says otherwise: no refetch on focus, mount or interval.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => failures < 3 && (error as { status?: number }).status === undefined,
      },
    },
  });
  const live = new LiveCache(queryClient);
  const connection = new ConnectionStore();
  const stream = new EventStream({
    event: (event) => live.handle(event),
    state: (state) => connection.set(state),
  });
  setUnauthorizedListener(() => connection.set('signed-out'));
  stream.start();
  return {
    queryClient,
    live,
    connection,
    dispose: () => {
      stream.stop();
      live.dispose();
      queryClient.clear();
    },
  };
}
