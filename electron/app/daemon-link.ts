/**
 * The shell's DaemonLink, without Electron: runs daemon-link-machine.ts
 * against the home (look, fork through the injected `fork`, one event
 * stream) and fans the stream out to listeners. setup-daemon.ts hands it
 * Electron's utilityProcess; the tests hand it plain node.
 *
 * The stream resumes after the last journal seq it saw, so a reconnect (to
 * the same daemon, a restarted one, or one someone else started on this
 * home: one journal per home) delivers every event in between; the first
 * connection starts at the journal's head (the tray and window read a
 * snapshot on connect).
 */
import { callDaemon } from '../cli/daemon-client.js';
import type { ApiEvent, DesktopNotification } from '../../shared/api-contract.js';
import { decideConnection, lookAtHome, type DaemonLaunchSpec } from './daemon-connection.js';
import { INITIAL_LINK_STATE, linkTransition, type LinkEffect, type LinkInput, type LinkState } from './daemon-link-machine.js';
import { openDaemonStream, type DaemonStream } from './daemon-stream.js';
import type { DaemonEndpoint, DaemonLink } from './shell-context.js';
import { assertNever } from '../../shared/state-machines.js';

/** A started daemon process (Electron's UtilityProcess or a node ChildProcess, adapted). */
export interface DaemonChild {
  readonly pid: number;
  /** Asks it to stop gracefully (SIGTERM on POSIX). */
  kill(): void;
  /** Once, when it has exited. */
  onExit(listener: (code: number) => void): void;
}

/** Who started the daemon the app is linked to: this app (its child), someone else (`tickwork up`, a login agent), or none is known. */
export type DaemonOwner = 'app' | 'external' | 'none';

/** The link plus what quit needs. */
export interface ShellDaemon extends DaemonLink {
  owner(): DaemonOwner;
  /** How the app's own daemon was started (for the hand-over at quit), or null when it has none. */
  ownLaunch(): DaemonLaunchSpec | null;
  /** Stops the app's own daemon gracefully and resolves once it has exited (at once when there is none). */
  stopOwnDaemon(): Promise<void>;
  /** Stops looking and closes the stream (the daemon itself is left alone). */
  dispose(): void;
}

/** What `startDaemonLink` needs. */
export interface DaemonLinkOptions {
  readonly homeRoot: string;
  readonly log: (line: string) => void;
  /** How to start the daemon now (rejects with a reason the log shows, e.g. no project chosen). */
  readonly launchSpec: () => Promise<DaemonLaunchSpec>;
  /** Starts it; resolves once the process exists. */
  readonly fork: (spec: DaemonLaunchSpec) => Promise<DaemonChild>;
}

/** Starts linking at once (the first look is synchronous); see the file comment. */
export function startDaemonLink(options: DaemonLinkOptions): ShellDaemon {
  let state: LinkState = INITIAL_LINK_STATE;
  let lookTimer: NodeJS.Timeout | undefined;
  let stream: DaemonStream | null = null;
  let child: { process: DaemonChild; spec: DaemonLaunchSpec; exited: Promise<void> } | null = null;
  let lastSeq: number | 'now' = 'now';
  const events = new Set<(event: ApiEvent) => void>();
  const connections = new Set<(connected: boolean) => void>();
  const notifications = new Set<(notification: DesktopNotification) => void>();

  const fan = <T>(listeners: Set<(value: T) => void>, value: T): void => {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        options.log(`a daemon listener failed: ${(error as Error).stack ?? String(error)}`); // one bad listener must not break the stream
      }
    }
  };

  const dispatch = (input: LinkInput): void => {
    const step = linkTransition(state, input);
    state = step.state;
    step.effects.forEach(perform);
  };

  const perform = (effect: LinkEffect): void => {
    switch (effect.type) {
      case 'look':
        clearTimeout(lookTimer);
        lookTimer = setTimeout(look, effect.delayMs);
        return;
      case 'fork':
        void forkDaemon();
        return;
      case 'subscribe':
        stream?.close();
        stream = openDaemonStream(effect.endpoint, lastSeq, {
          onOpen: () => dispatch({ type: 'streamOpened' }),
          onHead: (seq) => {
            if (lastSeq === 'now') lastSeq = seq;
          },
          onEvent: (event) => {
            lastSeq = event.seq;
            fan(events, event);
          },
          onNotification: (notification) => fan(notifications, notification),
          onBroken: (reason) => dispatch({ type: 'streamBroke', reason }),
        });
        return;
      case 'unsubscribe':
        stream?.close();
        stream = null;
        return;
      case 'connection':
        fan(connections, effect.connected);
        return;
      case 'log':
        options.log(effect.line);
        return;
      default:
        assertNever(effect);
    }
  };

  const look = (): void => {
    lookTimer = undefined;
    dispatch({ type: 'looked', decision: decideConnection(lookAtHome(options.homeRoot)) });
  };

  const forkDaemon = async (): Promise<void> => {
    try {
      const spec = await options.launchSpec();
      if (state.kind === 'stopped') return;
      const started = await options.fork(spec);
      const exited = new Promise<void>((resolve) =>
        started.onExit((code) => {
          if (child?.process === started) child = null;
          dispatch({ type: 'childExited', code });
          resolve();
        }),
      );
      child = { process: started, spec, exited };
      dispatch({ type: 'forked', pid: started.pid });
    } catch (error) {
      dispatch({ type: 'forkFailed', reason: (error as Error).message });
    }
  };

  // Connected once the stream is open: what current() says agrees with what onConnection said.
  const current = (): DaemonEndpoint | null => (state.kind === 'connected' && state.open ? state.endpoint : null);
  const subscribe = <T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  look();
  return {
    current,
    call(method, params) {
      const endpoint = current();
      if (!endpoint) return Promise.reject(new Error('the Tickwork daemon is not reachable'));
      return callDaemon(endpoint, method, params);
    },
    onEvent: (listener) => subscribe(events, listener),
    onConnection: (listener) => subscribe(connections, listener),
    onNotification: (listener) => subscribe(notifications, listener),
    owner() {
      if (state.kind === 'connected') return state.ours ? 'app' : 'external';
      return child ? 'app' : 'none';
    },
    ownLaunch: () => child?.spec ?? null,
    async stopOwnDaemon() {
      const own = child;
      if (!own) return;
      own.process.kill();
      await own.exited;
    },
    dispose() {
      clearTimeout(lookTimer);
      dispatch({ type: 'stop' });
    },
  };
}
