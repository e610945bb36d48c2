/**
 * Passes the machine's power events to the daemon and keeps it awake for
 * `keep_awake` runs (pure: setup-power.ts wires Electron's powerMonitor and
 * powerSaveBlocker to it).
 *
 * Power events → `power.event`. A suspend then a resume make exactly one
 * immediate schedule look (the daemon looks on the resume call); a resume
 * without a suspend since the last one is a duplicate (some platforms send
 * two) and is dropped. A wall-clock jump, which powerMonitor has no event
 * for, is seen by `checkClock()` on a timer: wall time that moved more than
 * the monotonic clock (by over CLOCK_JUMP_MS) is a `clock_change`. Events
 * while the daemon is unreachable wait in order and are sent on reconnect,
 * so the daemon still records the sleep for the timeline.
 *
 * keep_awake: blocker held ⇔ connected and `power.keepAwake` lists at least
 * one run. It is asked again on connect and on every run event (one call in
 * flight, one more queued), and released at once when the daemon is lost.
 */
import type { ApiEvent, ApiMethods } from '../../shared/api-contract.js';
import type { DaemonLink } from './shell-context.js';

/** A jump of the wall clock against the monotonic one larger than this is a clock change. */
export const CLOCK_JUMP_MS = 60_000;

/** What the bridge needs from the world. */
export interface PowerBridgeOptions {
  /** The daemon link's call (rejects while the daemon is unreachable). */
  readonly call: DaemonLink['call'];
  /** Wall-clock now (UTC ms). */
  readonly wallNow: () => number;
  /** Monotonic now (ms; performance.now()). */
  readonly monoNow: () => number;
  /** Starts the blocker; returns its id. */
  readonly startBlocker: () => number;
  readonly stopBlocker: (id: number) => void;
  readonly log: (line: string) => void;
}

type PowerKind = ApiMethods['power.event']['params']['kind'];

/** See the file comment. */
export class PowerBridge {
  private connected = false;
  private readonly queue: Array<{ kind: PowerKind; at: number }> = [];
  private sending = false;
  private suspended = false;
  private blocker: number | null = null;
  private asking = false;
  private askAgain = false;
  private clockBase: { wall: number; mono: number };

  constructor(private readonly options: PowerBridgeOptions) {
    this.clockBase = { wall: options.wallNow(), mono: options.monoNow() };
  }

  /** powerMonitor 'suspend'. */
  suspend(): void {
    this.suspended = true;
    this.enqueue('suspend');
  }

  /** powerMonitor 'resume': one look per sleep (a second resume without a suspend is dropped). */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.resetClock(); // the sleep moved the wall clock on; that is not a clock change
    this.enqueue('resume');
  }

  /** Called on a timer: a wall-clock jump against the monotonic clock is reported as a clock change. */
  checkClock(): void {
    const wall = this.options.wallNow();
    const mono = this.options.monoNow();
    const drift = wall - this.clockBase.wall - (mono - this.clockBase.mono);
    this.clockBase = { wall, mono };
    if (Math.abs(drift) > CLOCK_JUMP_MS && !this.suspended) this.enqueue('clock_change');
  }

  /** The daemon link connected or was lost. */
  connection(connected: boolean): void {
    this.connected = connected;
    if (!connected) {
      this.release();
      return;
    }
    void this.flush();
    this.refreshKeepAwake();
  }

  /** A journal event: a run started or ended, so the keep_awake set may have changed. */
  event(event: ApiEvent): void {
    if (event.kind === 'run') this.refreshKeepAwake();
  }

  /** True while the blocker is held. */
  holding(): boolean {
    return this.blocker !== null;
  }

  /** Releases the blocker (quit). */
  dispose(): void {
    this.connected = false;
    this.release();
  }

  private enqueue(kind: PowerKind): void {
    this.queue.push({ kind, at: this.options.wallNow() });
    void this.flush();
  }

  /** Sends queued events in order; one that fails stays at the head for the next connect. */
  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.connected && this.queue.length > 0) {
        const next = this.queue[0]!;
        try {
          await this.options.call('power.event', { kind: next.kind, at: next.at });
          this.queue.shift();
        } catch (error) {
          this.options.log(`power: ${next.kind} not sent yet (${(error as Error).message}); sent on reconnect`);
          return;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private refreshKeepAwake(): void {
    if (!this.connected) return;
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    this.asking = true;
    this.options
      .call('power.keepAwake', {})
      .then(
        ({ runs }) => {
          if (!this.connected) return;
          if (runs.length > 0) this.hold();
          else this.release();
        },
        (error: Error) => this.options.log(`power: could not ask which runs keep the machine awake: ${error.message}`),
      )
      .finally(() => {
        this.asking = false;
        if (this.askAgain) {
          this.askAgain = false;
          this.refreshKeepAwake();
        }
      });
  }

  private hold(): void {
    this.blocker ??= this.options.startBlocker();
  }

  private release(): void {
    if (this.blocker === null) return;
    this.options.stopBlocker(this.blocker);
    this.blocker = null;
  }

  private resetClock(): void {
    this.clockBase = { wall: this.options.wallNow(), mono: this.options.monoNow() };
  }
}
