/** The event stream's connection state as a tiny store React reads with useSyncExternalStore. */
import type { ConnectionState } from './event-stream.js';

/** Holds one value and tells subscribers when it changes. */
export class ConnectionStore {
  private value: ConnectionState = 'connecting';
  private readonly listeners = new Set<() => void>();

  /** The current state. */
  readonly get = (): ConnectionState => this.value;

  /** Subscribes; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sets the state and notifies. */
  set(value: ConnectionState): void {
    if (value === this.value) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}
