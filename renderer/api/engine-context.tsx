/** Hands the page's EngineConnection to components (React context), with the query client's provider. */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { EngineConnection } from './engine-connection.js';
import type { ConnectionState } from './event-stream.js';

const EngineContext = createContext<EngineConnection | null>(null);

/** Provides `engine` (and its query client) to the tree below. */
export function EngineProvider({ engine, children }: { readonly engine: EngineConnection; readonly children: ReactNode }) {
  return (
    <EngineContext.Provider value={engine}>
      <QueryClientProvider client={engine.queryClient}>{children}</QueryClientProvider>
    </EngineContext.Provider>
  );
}

/** The page's EngineConnection (inside EngineProvider). */
export function useEngine(): EngineConnection {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside EngineProvider');
  return engine;
}

/** The event stream's connection state, re-rendering when it changes. */
export function useConnectionState(): ConnectionState {
  const { connection } = useEngine();
  return useSyncExternalStore(connection.subscribe, connection.get);
}
