/**
 * The shell's link to its home's daemon as a pure state machine:
 * `linkTransition(state, input) → { state, effects }`; setup-daemon.ts
 * performs the effects (look at the home after a delay, fork the daemon,
 * open or close the event stream, tell listeners, log).
 *
 * States:
 * - `looking`: at most one look at the home is pending (a new `look` effect
 *   replaces it). `looked` with the decision: attach → `connected`; wait →
 *   look again soon (once a second after 10 s, never giving up: a daemon
 *   that holds the lock cannot be replaced); start → fork one (`forking`
 *   until `forked`/`forkFailed`; no look meanwhile, so a dialog asking for a
 *   project cannot lead to a second fork), unless our child is alive and
 *   simply has not taken the lock yet.
 * - `connected`: the stream to `endpoint` is opening, then `open` (only then
 *   do listeners hear "connected": a view that reads its snapshot then
 *   misses no event after it); `ours` says whether the
 *   daemon is the child this app forked. `streamBroke` → `looking` (the next
 *   look re-attaches to a daemon someone else started, or starts ours again;
 *   a stream that broke before it opened counts as a failure, so a daemon
 *   that refuses the stream is not asked four times a second);
 *   so does `childExited` of the daemon we are linked to.
 * - `stopped`: quit; every input is ignored.
 * `forkFailed` and `childExited` before connecting are failures: the next
 * look waits 250 ms doubling to 15 s, so a daemon that exits at once (an
 * invalid tickwork.yaml, another daemon took the lock) is not forked in a
 * tight loop. Failures reset once a stream opens.
 */
import type { DaemonEndpoint } from './shell-context.js';
import type { ConnectionDecision } from './daemon-connection.js';
import { assertNever } from '../../shared/state-machines.js';

/** The link's state (see the file comment). */
export type LinkState =
  | { readonly kind: 'looking'; readonly failures: number; readonly waits: number; readonly forking: boolean; readonly childPid: number | null }
  | { readonly kind: 'connected'; readonly endpoint: DaemonEndpoint; readonly pid: number; readonly ours: boolean; readonly childPid: number | null; readonly failures: number; readonly open: boolean }
  | { readonly kind: 'stopped' };

/** What happens to the link. */
export type LinkInput =
  | { readonly type: 'looked'; readonly decision: ConnectionDecision }
  | { readonly type: 'forked'; readonly pid: number }
  | { readonly type: 'forkFailed'; readonly reason: string }
  | { readonly type: 'childExited'; readonly code: number }
  | { readonly type: 'streamOpened' }
  | { readonly type: 'streamBroke'; readonly reason: string }
  | { readonly type: 'stop' };

/** What setup-daemon.ts does for a transition (`look` replaces a pending look). */
export type LinkEffect =
  | { readonly type: 'look'; readonly delayMs: number }
  | { readonly type: 'fork' }
  | { readonly type: 'subscribe'; readonly endpoint: DaemonEndpoint }
  | { readonly type: 'unsubscribe' }
  | { readonly type: 'connection'; readonly connected: boolean }
  | { readonly type: 'log'; readonly line: string };

/** The result of one transition. */
export interface LinkStep {
  readonly state: LinkState;
  readonly effects: readonly LinkEffect[];
}

/** Looks while a daemon starts (ours or someone else's): often, it serves within a second. */
export const WAIT_LOOK_MS = 100;
/** After this many quick looks at a daemon that does not serve, look once a second (and say so once). */
export const QUICK_WAITS = 100;
const SLOW_WAIT_LOOK_MS = 1000;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 15_000;

/** The delay before the next look after `failures` failures in a row (≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, failures - 1));
}

/** The state before the first look (which the caller performs at once). */
export const INITIAL_LINK_STATE: LinkState = { kind: 'looking', failures: 0, waits: 0, forking: false, childPid: null };

type Looking = Extract<LinkState, { kind: 'looking' }>;

/** See the file comment. */
export function linkTransition(state: LinkState, input: LinkInput): LinkStep {
  if (state.kind === 'stopped') return { state, effects: [] };
  if (input.type === 'stop') {
    return { state: { kind: 'stopped' }, effects: state.kind === 'connected' ? [{ type: 'unsubscribe' }, ...lost(state)] : [] };
  }
  switch (input.type) {
    case 'looked':
      return state.kind === 'looking' && !state.forking ? looked(state, input.decision) : { state, effects: [] };
    case 'forked':
      if (state.kind !== 'looking') return { state, effects: [] };
      return { state: { ...state, forking: false, childPid: input.pid, waits: 0 }, effects: [{ type: 'look', delayMs: WAIT_LOOK_MS }] };
    case 'forkFailed':
      if (state.kind !== 'looking') return { state, effects: [] };
      return retryLater({ ...state, forking: false }, `cannot start the daemon: ${input.reason}`);
    case 'childExited': {
      const line = `the daemon this app started exited (code ${input.code})`;
      if (state.kind === 'connected' && !state.ours) return { state: { ...state, childPid: null }, effects: [{ type: 'log', line }] };
      if (state.kind === 'connected') {
        // The daemon we are linked to is gone (its stream breaking may come later, or not at all while half-open).
        return {
          state: { kind: 'looking', failures: 0, waits: 0, forking: false, childPid: null },
          effects: [{ type: 'unsubscribe' }, ...lost(state), { type: 'log', line }, { type: 'look', delayMs: backoffMs(1) }],
        };
      }
      return retryLater({ ...state, childPid: null }, line);
    }
    case 'streamOpened':
      if (state.kind !== 'connected' || state.open) return { state, effects: [] };
      return {
        state: { ...state, failures: 0, open: true },
        effects: [
          { type: 'connection', connected: true },
          { type: 'log', line: `connected to the daemon at ${state.endpoint.origin} (pid ${state.pid}, ${state.ours ? 'started by this app' : 'started outside this app'})` },
        ],
      };
    case 'streamBroke': {
      if (state.kind !== 'connected') return { state, effects: [] };
      const failures = state.failures + 1;
      return {
        state: { kind: 'looking', failures, waits: 0, forking: false, childPid: state.childPid },
        effects: [...lost(state), { type: 'log', line: `lost the daemon at ${state.endpoint.origin}: ${input.reason}` }, { type: 'look', delayMs: backoffMs(failures) }],
      };
    }
    default:
      return assertNever(input);
  }
}

function looked(state: Looking, decision: ConnectionDecision): LinkStep {
  switch (decision.kind) {
    case 'attach': {
      const ours = decision.pid === state.childPid;
      return {
        state: { kind: 'connected', endpoint: decision.endpoint, pid: decision.pid, ours, childPid: state.childPid, failures: state.failures, open: false },
        effects: [{ type: 'subscribe', endpoint: decision.endpoint }],
      };
    }
    case 'wait': {
      const waits = state.waits + 1;
      const effects: LinkEffect[] = [{ type: 'look', delayMs: waits > QUICK_WAITS ? SLOW_WAIT_LOOK_MS : WAIT_LOOK_MS }];
      if (waits === QUICK_WAITS) effects.unshift({ type: 'log', line: `still waiting: ${decision.reason}` });
      return { state: { ...state, waits }, effects };
    }
    case 'start':
      // Our child is alive but has not taken the lock yet: wait for it rather than fork a second one.
      if (state.childPid !== null) return { state: { ...state, waits: state.waits + 1 }, effects: [{ type: 'look', delayMs: WAIT_LOOK_MS }] };
      return { state: { ...state, forking: true }, effects: [{ type: 'log', line: `starting the daemon (${decision.reason})` }, { type: 'fork' }] };
    default:
      return assertNever(decision);
  }
}

/** Listeners heard "connected" only once the stream opened; only then do they hear it lost. */
function lost(state: Extract<LinkState, { kind: 'connected' }>): LinkEffect[] {
  return state.open ? [{ type: 'connection', connected: false }] : [];
}

function retryLater(state: Looking, line: string): LinkStep {
  const failures = state.failures + 1;
  return { state: { ...state, failures, waits: 0 }, effects: [{ type: 'log', line }, { type: 'look', delayMs: backoffMs(failures) }] };
}
