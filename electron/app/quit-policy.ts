/**
 * What quitting the app does to the daemon, decided from the preference and
 * from who started the daemon:
 * | started by             | keepRunningOnQuit | action                                         |
 * |------------------------|-------------------|------------------------------------------------|
 * | someone else / nobody  | either            | leave: the app never stops a daemon it did not start |
 * | this app (utility)     | false             | stop: SIGTERM, the daemon's graceful stop       |
 * | this app (utility)     | true              | hand over: stop ours, start the same entry detached |
 * Hand-over exists because Electron ends its utility processes with the app:
 * to keep schedules firing, the daemon must be a process of its own. Either
 * stop leaves running attempts running (detached); the next daemon adopts them.
 */
import type { DaemonOwner } from './daemon-link.js';
import { assertNever } from '../../shared/state-machines.js';

/** What to do with the daemon at quit. */
export type QuitAction =
  | { readonly kind: 'leave'; readonly reason: string }
  | { readonly kind: 'stop'; readonly reason: string }
  | { readonly kind: 'hand-over'; readonly reason: string };

/** What the decision looks at. */
export interface QuitFacts {
  readonly keepRunningOnQuit: boolean;
  readonly owner: DaemonOwner;
}

/** See the file comment. */
export function quitPolicy(facts: QuitFacts): QuitAction {
  switch (facts.owner) {
    case 'none':
      return { kind: 'leave', reason: 'no daemon is linked to this app' };
    case 'external':
      return { kind: 'leave', reason: 'the daemon was started outside this app (tickwork up, a login agent): it keeps running' };
    case 'app':
      return facts.keepRunningOnQuit
        ? { kind: 'hand-over', reason: 'keep running on quit: the daemon continues on its own and the next launch attaches to it' }
        : { kind: 'stop', reason: 'keep running on quit is off: stopping the daemon this app started (running attempts carry on and are adopted at the next start)' };
    default:
      return assertNever(facts.owner);
  }
}
