/**
 * The desktop app's native actions (shared/shell-contract.ts), as the
 * preload exposes them on `window.tickworkShell`; absent in a browser, where
 * views leave out what needs them. Only native actions go this way: data
 * always comes over the HTTP + SSE API.
 */
import { useCallback, useState } from 'react';
import { SHELL_BRIDGE_KEY, type ShellBridge, type ShellOutcome } from '../../shared/shell-contract.js';

/** The desktop app's bridge, or null in a browser. */
export function shellBridge(): ShellBridge | null {
  const bridge = (window as unknown as Partial<Record<typeof SHELL_BRIDGE_KEY, ShellBridge>>)[SHELL_BRIDGE_KEY];
  return bridge ?? null;
}

/** A native action's state for a button: run it, and what came of it (a problem to show, or null). */
export function useShellAction<P>(action: (bridge: ShellBridge, params: P) => Promise<ShellOutcome>): {
  readonly available: boolean;
  readonly pending: boolean;
  readonly problem: string | null;
  readonly run: (params: P) => void;
} {
  const bridge = shellBridge();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = useCallback(
    (params: P) => {
      if (bridge === null) return;
      setPending(true);
      setProblem(null);
      action(bridge, params)
        .then((outcome) => setProblem(outcome.done ? null : outcome.problem))
        .catch((error: Error) => setProblem(error.message))
        .finally(() => setPending(false));
    },
    [bridge, action],
  );
  return { available: bridge !== null, pending, problem, run };
}
