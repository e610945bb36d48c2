/**
 * Who shows the daemon's desktop notifications: the desktop app while one is
 * connected, node-notifier otherwise. So each desktop delivery becomes
 * exactly one notification.
 *
 * An app claims the channel by opening its event stream with
 * `desktop=claim` (api-server.ts); the claim lasts as long as that stream.
 * A delivery goes to the newest claimer only (two shells on one home, say an
 * app and a dev build, must not both show it); when no claimer takes it the
 * dispatcher falls back to node-notifier. The choice is made per delivery,
 * at the moment it is sent.
 */
import type { DesktopNotification } from '../../../shared/api-contract.js';

/** Takes one pushed notification; false when it could not be written (its stream is closing). */
export type DesktopClaimer = (notification: DesktopNotification) => boolean;

/** See the file comment. */
export class DesktopClaims {
  private readonly claimers: DesktopClaimer[] = [];

  /** Registers a claimer; returns the release (call it when its stream closes). */
  claim(claimer: DesktopClaimer): () => void {
    this.claimers.push(claimer);
    return () => {
      const at = this.claimers.indexOf(claimer);
      if (at >= 0) this.claimers.splice(at, 1);
    };
  }

  /** How many streams hold a claim now. */
  count(): number {
    return this.claimers.length;
  }

  /** Hands `notification` to the newest claimer that takes it; false when none did (node-notifier's turn). */
  push(notification: DesktopNotification): boolean {
    for (let i = this.claimers.length - 1; i >= 0; i--) {
      if (this.claimers[i]!(notification)) return true;
    }
    return false;
  }
}
