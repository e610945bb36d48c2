import { describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../../shared/api-contract.js';
import { DesktopClaims } from '../../../electron/engine/alerts/desktop-claims.js';

// The daemon's half of "exactly one notification per alert": push() true means one app took the delivery
// (the dispatcher then leaves node-notifier alone), false means none did (node-notifier shows it).
// The whole path, with a real daemon, dunst and a claiming stream, is test/engine/api/desktop-channel.test.ts.
const delivery = { deliveryId: 40 } as DesktopNotification;

describe('the desktop channel claims', () => {
  it('leaves a delivery to node-notifier while no app claims the channel, or once its claim is released', () => {
    const claims = new DesktopClaims();
    expect(claims.push(delivery)).toBe(false);
    const seen: number[] = [];
    const release = claims.claim((n) => (seen.push(n.deliveryId), true));
    expect(claims.push(delivery)).toBe(true);
    release();
    expect([claims.count(), claims.push(delivery), seen]).toEqual([0, false, [40]]);
  });

  it('hands a delivery to the newest claimer only, and to an older one when the newest stream is closing', () => {
    const claims = new DesktopClaims();
    const got: string[] = [];
    claims.claim(() => (got.push('app'), true));
    const releaseDev = claims.claim(() => (got.push('dev build'), true));
    expect(claims.push(delivery)).toBe(true);
    expect(got).toEqual(['dev build']);
    releaseDev();
    claims.claim(() => (got.push('closing'), false));
    expect(claims.push(delivery)).toBe(true);
    expect(got).toEqual(['dev build', 'closing', 'app']);
  });

  it('says node-notifier’s turn when every claimer’s stream is closing', () => {
    const claims = new DesktopClaims();
    claims.claim(() => false);
    expect([claims.count(), claims.push(delivery)]).toEqual([1, false]);
  });
});
